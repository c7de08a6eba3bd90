package io.routemq.e2e.loop;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opt-in (-Pbench): the lost-worker scenario ({@link OrphanScenario}) on both brokers, one line each:
 * {@code BENCH orphan broker=… sent=… received=… lost=… duplicates=… recovered_s=…}.
 */
class OrphanBench {

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void orphanedSession(String broker) throws Exception {
    try (FleetFixture f = FleetFixture.start(broker, "orphan-bench", OrphanScenario.group())) {
      System.out.println(OrphanScenario.run(f, broker).benchLine());
    }
  }
}
