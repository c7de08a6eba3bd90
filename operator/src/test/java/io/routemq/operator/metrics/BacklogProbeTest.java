package io.routemq.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.operator.autoscaling.BacklogReading;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BacklogProbeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void workerLocalAddsNothing() {
    BacklogReading r = new WorkerLocalProbe().read(T0, 123);

    assertThat(r.source()).isEqualTo(BacklogReading.Source.WORKER_LOCAL);
    assertThat(r.arrivalRate()).isEmpty();
    assertThat(r.backlog()).isEmpty();
  }

  @Test
  void arrivalSamplerIntegratesArrivalsMinusCompleted() {
    AtomicLong arrivals = new AtomicLong(1_000);
    ArrivalSamplerProbe probe = new ArrivalSamplerProbe(arrivals::get);
    probe.read(T0, 500);

    arrivals.addAndGet(7_000);
    BacklogReading r1 = probe.read(T0.plusSeconds(5), 500 + 1_000);
    assertThat(r1.arrivalRate()).hasValue(1_400.0);
    assertThat(r1.backlog()).hasValue(6_000);

    arrivals.addAndGet(1_000);
    BacklogReading r2 = probe.read(T0.plusSeconds(10), 1_500 + 5_000);
    assertThat(r2.arrivalRate()).hasValue(200.0);
    assertThat(r2.backlog()).hasValue(2_000);

    // Completions beyond what was counted (a QoS 0 sample missed some) do not drive the estimate negative.
    BacklogReading r3 = probe.read(T0.plusSeconds(15), 6_500 + 9_000);
    assertThat(r3.backlog()).hasValue(0);
  }

  @Test
  void arrivalSamplerNeverReportsLessThanTheWorkersHold() {
    ArrivalSamplerProbe probe = new ArrivalSamplerProbe(() -> 0);
    probe.read(T0, 0);
    probe.withLocalFloor(128);

    assertThat(probe.read(T0.plusSeconds(5), 0).backlog()).hasValue(128);
  }

  @Test
  void mosquittoSysStatsGiveArrivalRateAndStoredMessages() {
    MosquittoSysStats stats = new MosquittoSysStats();
    stats.update("$SYS/broker/version", "mosquitto version 2.0.11");
    stats.update("$SYS/broker/uptime", "12 seconds");
    stats.update(MosquittoSysStats.PUBLISH_RECEIVED, "1000");
    stats.update(MosquittoSysStats.STORE_COUNT, "42");
    BacklogReading first = stats.read(T0, 0);

    assertThat(first.source()).isEqualTo(BacklogReading.Source.BROKER_STATS);
    assertThat(first.arrivalRate()).as("a rate needs two readings").isEmpty();
    assertThat(first.backlog()).hasValue(42);
    assertThat(stats.value("$SYS/broker/uptime")).hasValue(12.0);

    stats.update(MosquittoSysStats.PUBLISH_RECEIVED, "6000");
    assertThat(stats.read(T0.plusSeconds(10), 0).arrivalRate()).hasValue(500.0);

    // The broker restarted: its counter starts again from zero.
    stats.update(MosquittoSysStats.PUBLISH_RECEIVED, "300");
    assertThat(stats.read(T0.plusSeconds(20), 0).arrivalRate()).hasValue(30.0);
  }

  @Test
  void legacyStoredCountIsUsedWhenTheNewOneIsAbsent() {
    MosquittoSysStats stats = new MosquittoSysStats();
    stats.update(MosquittoSysStats.STORED_LEGACY, "7");

    assertThat(stats.storedMessages()).hasValue(7);
  }


  @Test
  void arrivalSamplerEstimateCanBeResetWhenWorkersAreIdle() {
    AtomicLong arrivals = new AtomicLong();
    ArrivalSamplerProbe probe = new ArrivalSamplerProbe(arrivals::get);
    probe.read(T0, 0);
    arrivals.addAndGet(5_000);
    assertThat(probe.read(T0.plusSeconds(5), 0).backlog()).hasValue(5_000);

    probe.resetTo(10);
    assertThat(probe.read(T0.plusSeconds(10), 0).backlog()).hasValue(10);
  }
}
