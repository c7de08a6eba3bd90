package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.WorkerContract;
import io.routemq.operator.autoscaling.BacklogReading.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The saturation rule through the engine, WorkerLocal source, default policy (64 handler threads, so a receive
 * maximum of 80 with the prefetch; interval 5 s). Workers process 100 msg/s when fully busy.
 */
class SaturationRuleTest {
  private static final GroupKey KEY = new GroupKey("iot", "telemetry", "ingest");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
  private final ScalingPolicy policy = ScalingPolicy.defaults(2, 100);

  private ScalingDecision workerLocal(int current, List<WorkerSample> samples) {
    return engine.evaluate(KEY, policy, current, samples, BacklogReading.workerLocal());
  }

  /** n workers busy all the time at 100 msg/s, each holding {@code inFlight} messages. */
  private static final long FULL = WorkerContract.receiveMaximum(64, true);

  private List<WorkerSample> busy(int n, long inFlight) {
    return Samples.workers(n, clock.instant(), 100, 1.0, inFlight);
  }

  @Test
  void plansForTwoAndAHalfTimesWhatSaturatedWorkersProcess() {
    ScalingDecision d = workerLocal(2, busy(2, FULL));

    // 2.5 × 200 msg/s at 70 %: 7.1 → 8 (the measured 200 msg/s alone would ask for 3).
    assertThat(d.desiredReplicas()).isEqualTo(8);
    assertThat(d.metrics().measuredArrivalRate()).isEqualTo(200.0);
    assertThat(d.metrics().arrivalRate()).isEqualTo(500.0);
    assertThat(d.message()).contains("every worker saturated");
  }

  @Test
  void busyWorkersWithRoomInTheirWindowAreNotSaturated() {
    // Busy, but the broker has nothing more for them: the rate they received is the arrival rate.
    ScalingDecision d = workerLocal(2, busy(2, 10));

    assertThat(d.metrics().saturated()).isFalse();
    assertThat(d.desiredReplicas()).isEqualTo(3);
  }

  @Test
  void everyThreadBusyWithNothingWaitingForOneIsNotSaturated() {
    // 64 held by 64 threads: what arrives is taken as it comes, nothing says more waits in the broker.
    ScalingDecision d = workerLocal(2, busy(2, 64));

    assertThat(d.metrics().saturated()).isFalse();
    assertThat(d.desiredReplicas()).isEqualTo(3);
  }

  @Test
  void aSourceThatCountsArrivalsNeedsNoAssumption() {
    ScalingDecision d = engine.evaluate(KEY, policy, 2, busy(2, FULL),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, 300, 128, clock.instant()));

    assertThat(d.metrics().arrivalRate()).isEqualTo(300.0);
    assertThat(d.desiredReplicas()).isEqualTo(5);
  }

  @Test
  void workersDrainingWhatPiledUpAreNotReadAsMoreLoad() {
    assertThat(workerLocal(2, busy(2, FULL)).desiredReplicas()).isEqualTo(8);
    clock.advanceSeconds(15);
    // The 8 report, still saturated: raise again, to 2.5 × 800 msg/s.
    ScalingDecision second = workerLocal(8, busy(8, FULL));
    assertThat(second.desiredReplicas()).isEqualTo(29);
    clock.advanceSeconds(20);
    // The 29 report saturated while they drain the backlog: inside the hold (2 × 15 s + 2 intervals) nothing more.
    ScalingDecision draining = workerLocal(29, busy(29, FULL));
    assertThat(draining.desiredReplicas()).isEqualTo(29);
    assertThat(draining.metrics().arrivalRate()).isEqualTo(2000.0);
  }

  @Test
  void saturationBeyondTheHoldRaisesTheAssumptionAgain() {
    workerLocal(2, busy(2, FULL));
    clock.advanceSeconds(15);
    workerLocal(8, busy(8, FULL));
    clock.advanceSeconds(45);
    // Still saturated 45 s after the raise (hold: 40 s): the load is more than assumed.
    ScalingDecision d = workerLocal(29, busy(29, FULL));
    assertThat(d.desiredReplicas()).isEqualTo(100);
  }
}
