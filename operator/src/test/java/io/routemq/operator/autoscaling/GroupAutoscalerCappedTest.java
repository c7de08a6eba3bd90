package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.operator.autoscaling.BacklogReading.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine after a fleet budget applied less than its scale-up asked for ({@link GroupAutoscaler#capped}). */
class GroupAutoscalerCappedTest {
  private static final GroupKey KEY = new GroupKey("iot", "telemetry", "ingest");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());

  private ScalingDecision decide(int current, int reporting, double arrival) {
    return engine.evaluate(KEY, ScalingPolicy.defaults(1, 100), current,
        Samples.workers(reporting, clock.instant(), 100, 1.0),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, arrival, 0, clock.instant()));
  }

  @Test
  void aScaleUpTheBudgetBlockedEntirelyDoesNotWaitForWorkersThatNeverCome() {
    ScalingDecision up = decide(2, 2, 1400);
    assertThat(up.desiredReplicas()).isEqualTo(20);
    engine.capped(KEY, up, 2);
    clock.advanceSeconds(5);

    ScalingDecision next = decide(2, 2, 1400);

    assertThat(next.reason()).isNotEqualTo(ScalingReason.ScaleUpInProgress);
    assertThat(next.apply()).isTrue();
    assertThat(next.desiredReplicas()).isEqualTo(20);
  }

  @Test
  void aPartlyGrantedScaleUpWaitsOnlyForTheWorkersThatWereAdded() {
    ScalingDecision up = decide(2, 2, 1400);
    engine.capped(KEY, up, 5);
    clock.advanceSeconds(5);
    ScalingDecision starting = decide(5, 2, 1400);
    assertThat(starting.reason()).as("3 added workers still starting").isEqualTo(ScalingReason.ScaleUpInProgress);
    clock.advanceSeconds(10);

    ScalingDecision settled = decide(5, 5, 1400);

    assertThat(settled.reason()).as("all 5 granted workers report: the check is settled")
        .isNotEqualTo(ScalingReason.ScaleUpInProgress);
    assertThat(settled.desiredReplicas()).isEqualTo(20);
  }

  @Test
  void aScaleUpAppliedInFullIsLeftAsItWas() {
    ScalingDecision up = decide(2, 2, 1400);
    engine.capped(KEY, up, up.desiredReplicas());
    clock.advanceSeconds(5);

    assertThat(decide(20, 2, 2800).reason()).as("more load, but the 18 added workers are still starting")
        .isEqualTo(ScalingReason.ScaleUpInProgress);
  }
}
