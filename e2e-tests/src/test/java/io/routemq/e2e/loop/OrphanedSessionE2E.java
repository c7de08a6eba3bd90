package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A shared group's worker lost for good under load loses nothing, on both brokers (see {@link OrphanScenario}). */
class OrphanedSessionE2E {

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void aWorkerPodLostForGoodLosesNothing(String broker) throws Exception {
    try (FleetFixture f = FleetFixture.start(broker, "orphan", OrphanScenario.group())) {
      OrphanScenario.Outcome outcome = OrphanScenario.run(f, broker);
      System.out.println(outcome.benchLine());
      assertThat(outcome.report().lost())
          .as("acknowledged by the broker, never processed: %s; missing sequences %s", outcome.benchLine(),
              outcome.missing())
          .isZero();
      assertThat(outcome.recoveredSeconds()).as("the lost worker's share is delivered within 60 s").isLessThan(60);
    }
  }
}
