package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.WorkerContract;
import io.routemq.operator.autoscaling.BacklogReading.Source;
import io.routemq.operator.autoscaling.ScalingDecision.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the scale-down window remembers: demand, for the whole window; workers added beyond demand (a backlog to
 * drain, an arrival rate assumed while saturated) only for the backlog's drain time (60 s by default). Workers
 * process 100 msg/s when fully busy; default policy.
 */
class ScaleDownMemoryTest {
  private static final GroupKey KEY = new GroupKey("iot", "telemetry", "ingest");
  private static final long FULL = WorkerContract.receiveMaximum(64, true);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
  private final ScalingPolicy policy = ScalingPolicy.defaults(2, 100);
  private int replicas;

  /** Decides with every worker reporting {@code perWorker} msg/s at {@code busy}, holding {@code held}; applies. */
  private ScalingDecision decide(double perWorker, double busy, long held, BacklogReading reading) {
    List<WorkerSample> samples = Samples.workers(replicas, clock.instant(), perWorker, busy, held);
    ScalingDecision d = engine.evaluate(KEY, policy, replicas, samples, reading);
    if (d.apply()) {
      replicas = d.desiredReplicas();
    }
    return d;
  }

  /** Decisions every interval for {@code seconds} at a steady {@code arrival} msg/s; returns the first scale-down. */
  private Instant steady(double arrival, long seconds, boolean workerLocal) {
    Instant firstDown = null;
    for (long s = 0; s < seconds; s += 5) {
      clock.advanceSeconds(5);
      double per = arrival / replicas;
      ScalingDecision d = decide(per, per / 100, 0, workerLocal ? BacklogReading.workerLocal()
          : BacklogReading.of(Source.ARRIVAL_SAMPLER, arrival, 0, clock.instant()));
      if (d.direction() == Direction.DOWN && firstDown == null) {
        firstDown = clock.instant();
      }
    }
    return firstDown;
  }

  @Test
  void workersAddedToDrainABacklogGoOnceItIsDrainedNotAfterTheWholeWindow() {
    replicas = 10;
    steady(700, 120, false);
    assertThat(replicas).isEqualTo(10);
    // 700 msg/s with 120 000 waiting: 10 for the arrivals + 20 to drain within 60 s.
    clock.advanceSeconds(5);
    ScalingDecision up = decide(70, 0.7, FULL, BacklogReading.of(Source.ARRIVAL_SAMPLER, 700, 120_000,
        clock.instant()));
    assertThat(up.desiredReplicas()).isEqualTo(30);
    Instant drained = clock.instant().plusSeconds(5);

    Instant down = steady(700, 300, false);

    assertThat(down).as("scaled down within the window").isNotNull();
    assertThat(Duration.between(drained, down)).as("the drain time after the last decision that asked for them")
        .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(65));
    assertThat(replicas).isEqualTo(10);
  }

  @Test
  void demandItselfIsRememberedForTheWholeWindow() {
    replicas = 10;
    steady(700, 120, false);
    clock.advanceSeconds(5);
    decide(70, 0.7, 10, BacklogReading.of(Source.ARRIVAL_SAMPLER, 2100, 0, clock.instant()));
    assertThat(replicas).isEqualTo(30);
    Instant fell = clock.instant().plusSeconds(5);

    Instant down = steady(700, 400, false);

    assertThat(Duration.between(fell, down)).isBetween(Duration.ofSeconds(295), Duration.ofSeconds(300));
  }

  @Test
  void anArrivalRateAssumedWhileSaturatedIsNotRememberedAsDemand() {
    replicas = 2;
    // WorkerLocal, saturated: plan for 2.5 × 200 msg/s.
    assertThat(decide(100, 1.0, FULL, BacklogReading.workerLocal()).desiredReplicas()).isEqualTo(8);
    // The 8 drain what piled up, saturated, for a few decisions; then the arrival rate shows: 280 msg/s.
    for (int i = 0; i < 3; i++) {
      clock.advanceSeconds(5);
      decide(100, 1.0, FULL, BacklogReading.workerLocal());
    }
    Instant drained = clock.instant().plusSeconds(5);

    Instant down = steady(280, 300, true);

    assertThat(down).isNotNull();
    assertThat(Duration.between(drained, down)).isLessThanOrEqualTo(Duration.ofSeconds(70));
    assertThat(replicas).isEqualTo(4);
  }
}
