package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.operator.autoscaling.BacklogReading.Source;
import io.routemq.operator.autoscaling.ScalingDecision.Direction;
import io.routemq.operator.autoscaling.ScalingPolicy.Behavior;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's rules, one per test, on a simulated clock. Workers here process 100 msg/s when fully busy. */
class GroupAutoscalerTest {
  private static final GroupKey KEY = new GroupKey("iot", "telemetry", "ingest");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryAutoscalerStateStore store = new InMemoryAutoscalerStateStore();
  private final GroupAutoscaler engine = new GroupAutoscaler(clock, store);

  private ScalingDecision decide(ScalingPolicy p, int current, List<WorkerSample> samples, double arrival,
      long backlog) {
    return engine.evaluate(KEY, p, current, samples,
        BacklogReading.of(Source.ARRIVAL_SAMPLER, arrival, backlog, clock.instant()));
  }

  /** Workers fully busy at 100 msg/s each, observed now. */
  private List<WorkerSample> saturated(int n) {
    return Samples.workers(n, clock.instant(), 100, 1.0);
  }

  /** n workers, sharing {@code arrival} msg/s, each busy in proportion. */
  private List<WorkerSample> serving(int n, double arrival) {
    double per = Math.min(100, arrival / n);
    return Samples.workers(n, clock.instant(), per, per / 100);
  }

  @Test
  void scalesUpInOneStepOnBurst() {
    ScalingDecision d = decide(ScalingPolicy.defaults(2, 32), 2, saturated(2), 2240, 0);

    assertThat(d.desiredReplicas()).isEqualTo(32);
    assertThat(d.apply()).isTrue();
    assertThat(d.direction()).isEqualTo(Direction.UP);
    assertThat(d.reason()).isEqualTo(ScalingReason.ArrivalRateRose);
    assertThat(d.sizing().byCapacity()).isEqualTo(32);
    assertThat(d.recordInHistory()).isTrue();
  }

  @Test
  void addsWorkersToDrainTheBacklogWithinTheCatchUpTime() {
    // 140 msg/s needs 2 workers at 70 %; 60 000 waiting must go within 60 s at 100 msg/s each: 10 more.
    ScalingDecision d = decide(ScalingPolicy.defaults(1, 50), 2, saturated(2), 140, 60_000);

    assertThat(d.desiredReplicas()).isEqualTo(12);
    assertThat(d.reason()).isEqualTo(ScalingReason.BacklogGrowing);
  }

  @Test
  void holdsWithinTheToleranceBand() {
    ScalingDecision d = decide(ScalingPolicy.defaults(1, 50), 10, serving(10, 735), 735, 0);

    assertThat(d.desiredReplicas()).isEqualTo(10);
    assertThat(d.apply()).isFalse();
    assertThat(d.reason()).isEqualTo(ScalingReason.WithinTolerance);
    assertThat(d.recordInHistory()).isFalse();
  }

  @Test
  void cpuTargetWinsWhenItAsksForMore() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withTargets(50, 1.0, 0, 0);
    // 4 workers at 90 % CPU against a 50 % target: 4 × 90 / 50 = 7.2 → 8; the capacity model asks for only 3.
    ScalingDecision d = decide(p, 4, Samples.withCpu(4, clock.instant(), 50, 0.5, 0.9), 200, 0);

    assertThat(d.sizing().byCapacity()).isEqualTo(3);
    assertThat(d.sizing().byCpu()).isEqualTo(8);
    assertThat(d.desiredReplicas()).isEqualTo(8);
    assertThat(d.reason()).isEqualTo(ScalingReason.CpuAboveTarget);
  }

  @Test
  void messageRateTargetWinsWhenItAsksForMore() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withTargets(0, 0, 20, 0);
    ScalingDecision d = decide(p, 4, serving(4, 200), 200, 0);

    assertThat(d.sizing().byMessageRate()).isEqualTo(10);
    assertThat(d.desiredReplicas()).isEqualTo(10);
    assertThat(d.reason()).isEqualTo(ScalingReason.MessageRateAboveTarget);
  }

  @Test
  void queueDepthTargetWinsWhenItAsksForMore() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withTargets(0, 0, 0, 100);
    ScalingDecision d = decide(p, 2, serving(2, 100), 100, 1_500);

    assertThat(d.sizing().byQueueDepth()).isEqualTo(15);
    assertThat(d.desiredReplicas()).isEqualTo(15);
    assertThat(d.reason()).isEqualTo(ScalingReason.QueueDepthAboveTarget);
  }

  @Test
  void maximumBoundsTheBurstAndSetsScalingLimited() {
    ScalingDecision d = decide(ScalingPolicy.defaults(2, 10), 2, saturated(2), 2240, 0);

    assertThat(d.desiredReplicas()).isEqualTo(10);
    assertThat(d.scalingLimited()).isTrue();
  }

  @Test
  void raisesToTheMinimum() {
    ScalingDecision d = decide(ScalingPolicy.defaults(3, 10), 1, serving(1, 0), 0, 0);

    assertThat(d.desiredReplicas()).isEqualTo(3);
    assertThat(d.reason()).isEqualTo(ScalingReason.BelowMinimum);
  }

  @Test
  void scaleDownWaitsForTheStabilizationWindow() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    decide(p, 10, serving(10, 700), 700, 0);
    clock.advanceSeconds(5);
    Instant drop = clock.instant();
    Instant firstDown = null;
    int replicas = 10;
    for (int i = 0; i < 80 && firstDown == null; i++) {
      ScalingDecision d = decide(p, replicas, serving(replicas, 280), 280, 0);
      if (d.direction() == Direction.DOWN) {
        firstDown = clock.instant();
        replicas = d.desiredReplicas();
      } else {
        assertThat(d.reason()).isEqualTo(ScalingReason.StabilizingScaleDown);
      }
      clock.advanceSeconds(5);
    }
    // The last recommendation of 10 was made 5 s before the drop; it leaves the 300 s window 300 s later.
    assertThat(Duration.between(drop, firstDown)).isBetween(Duration.ofSeconds(295), Duration.ofSeconds(300));
    // The rate sized on is the 60 s mean, which took a minute to fall all the way: the window still remembers the
    // decisions of that minute, so the count follows them down.
    assertThat(replicas).isBetween(6, 9);
    for (int i = 0; i < 12; i++) {
      clock.advanceSeconds(5);
      ScalingDecision d = decide(p, replicas, serving(replicas, 280), 280, 0);
      replicas = d.apply() ? d.desiredReplicas() : replicas;
    }
    assertThat(replicas).as("280 msg/s at 70 of 100 per worker, a minute later").isEqualTo(4);
  }

  @Test
  void scaleDownRemovesAtMostHalfPerStep() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withScaleDown(new Behavior(Duration.ZERO, 50, 0));
    ScalingDecision d = decide(p, 20, serving(20, 140), 140, 0);

    assertThat(d.desiredReplicas()).isEqualTo(10);
    assertThat(d.recommendedReplicas()).isEqualTo(2);
    assertThat(d.scalingLimited()).isTrue();
  }

  @Test
  void scaleUpStepLimitCapsTheChangeWhenConfigured() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withScaleUp(new Behavior(Duration.ZERO, 0, 4));
    ScalingDecision d = decide(p, 2, saturated(2), 2240, 0);

    assertThat(d.desiredReplicas()).isEqualTo(6);
    assertThat(d.scalingLimited()).isTrue();
  }

  @Test
  void scaleUpStabilizationUsesTheLowestRecommendationOfItsWindow() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withScaleUp(new Behavior(Duration.ofSeconds(30), 0, 0));
    decide(p, 10, serving(10, 700), 700, 0);
    clock.advanceSeconds(5);
    ScalingDecision early = decide(p, 10, saturated(10), 1400, 0);
    assertThat(early.apply()).isFalse();
    assertThat(early.reason()).isEqualTo(ScalingReason.StabilizingScaleUp);

    ScalingDecision later = null;
    for (int i = 0; i < 6; i++) {
      clock.advanceSeconds(5);
      later = decide(p, 10, saturated(10), 1400, 0);
    }
    assertThat(later.desiredReplicas()).isEqualTo(20);
    assertThat(later.apply()).isTrue();
  }

  @Test
  void staleMetricsHoldAndClearMetricsAvailable() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    List<WorkerSample> old = Samples.workers(10, clock.instant(), 0, 0);
    clock.advanceSeconds(15);

    ScalingDecision d = decide(p, 10, old, 0, 0);
    assertThat(d.desiredReplicas()).isEqualTo(10);
    assertThat(d.apply()).isFalse();
    assertThat(d.direction()).isEqualTo(Direction.BLOCKED);
    assertThat(d.reason()).isEqualTo(ScalingReason.MetricsStale);
    assertThat(d.metricsAvailable()).isFalse();
    assertThat(d.recordInHistory()).isTrue();

    clock.advanceSeconds(5);
    ScalingDecision again = decide(p, 10, old, 0, 0);
    assertThat(again.apply()).isFalse();
    assertThat(again.recordInHistory()).as("a continuing hold is recorded once").isFalse();
  }

  @Test
  void missingMetricsNeverCauseAScaleDown() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withScaleDown(new Behavior(Duration.ZERO, 100, 0));
    for (int i = 0; i < 100; i++) {
      ScalingDecision d = engine.evaluate(KEY, p, 10, List.of(), BacklogReading.workerLocal());
      assertThat(d.desiredReplicas()).isEqualTo(10);
      assertThat(d.metricsAvailable()).isFalse();
      clock.advanceSeconds(5);
    }
  }

  @Test
  void metricsReturningAfterAnOutageStillWaitAFullScaleDownWindow() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    for (int i = 0; i < 120; i++) {
      engine.evaluate(KEY, p, 10, List.of(), BacklogReading.workerLocal());
      clock.advanceSeconds(5);
    }
    ScalingDecision back = decide(p, 10, serving(10, 70), 70, 0);
    assertThat(back.metricsAvailable()).isTrue();
    assertThat(back.apply()).isFalse();
    assertThat(back.reason()).isEqualTo(ScalingReason.StabilizingScaleDown);
  }

  @Test
  void workersThatAreNotReadyDoNotHoldUpAScaleDown() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withScaleDown(new Behavior(Duration.ZERO, 100, 0));
    // 7 of 10 pods ready, 6 report: the seventh receives messages nobody counted yet, so the scale-down waits.
    ScalingDecision waiting = engine.evaluate(KEY, p, 10, 7, serving(6, 70),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, 70, 0, clock.instant()));
    assertThat(waiting.reason()).isEqualTo(ScalingReason.WaitingForMetrics);
    assertThat(waiting.desiredReplicas()).isEqualTo(10);
    assertThat(waiting.message()).contains("only 6 of 7 ready workers report fresh metrics");

    clock.advanceSeconds(5);
    // 6 ready, 6 report; the other 4 never turn ready (a crash loop, say) and receive nothing: no reason to wait.
    ScalingDecision d = engine.evaluate(KEY, p, 10, 6, serving(6, 70),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, 70, 0, clock.instant()));
    assertThat(d.direction()).isEqualTo(Direction.DOWN);
    assertThat(d.apply()).isTrue();
    assertThat(d.desiredReplicas()).isLessThan(10);
  }

  @Test
  void partialMetricsBlockAScaleDownButAllowAScaleUp() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withScaleDown(new Behavior(Duration.ZERO, 100, 0));
    ScalingDecision down = decide(p, 10, serving(6, 70), 70, 0);
    assertThat(down.direction()).isEqualTo(Direction.BLOCKED);
    assertThat(down.reason()).isEqualTo(ScalingReason.WaitingForMetrics);
    assertThat(down.desiredReplicas()).isEqualTo(10);

    clock.advanceSeconds(5);
    ScalingDecision up = decide(p, 10, saturated(6), 2100, 0);
    assertThat(up.apply()).isTrue();
    assertThat(up.desiredReplicas()).isEqualTo(30);
  }

  @Test
  void pausedComputesTheDecisionButDoesNotApplyIt() {
    ScalingDecision d = decide(ScalingPolicy.defaults(2, 32).withModes(true, false), 2, saturated(2), 2240, 0);

    assertThat(d.apply()).isFalse();
    assertThat(d.desiredReplicas()).isEqualTo(32);
    assertThat(d.reason()).isEqualTo(ScalingReason.Paused);
    assertThat(d.recordInHistory()).isTrue();
  }

  @Test
  void recommendOnlyWritesTheDecisionOnceWithoutApplyingIt() {
    ScalingPolicy p = ScalingPolicy.defaults(2, 32).withModes(false, true);
    ScalingDecision d = decide(p, 2, saturated(2), 2240, 0);
    clock.advanceSeconds(5);
    ScalingDecision again = decide(p, 2, saturated(2), 2240, 0);

    assertThat(d.apply()).isFalse();
    assertThat(d.reason()).isEqualTo(ScalingReason.RecommendOnly);
    assertThat(d.desiredReplicas()).isEqualTo(32);
    assertThat(d.recordInHistory()).isTrue();
    assertThat(again.recordInHistory()).isFalse();
  }

  @Test
  void ineffectiveScaleUpStopsFurtherScaleUpsUntilDemandFalls() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 100);
    ScalingDecision up = decide(p, 2, saturated(2), 1400, 50_000);
    assertThat(up.apply()).isTrue();
    int n = up.desiredReplicas();

    // The new workers are all busy yet the group still processes 200 msg/s: a shared bottleneck downstream.
    for (int i = 0; i < 3; i++) {
      clock.advanceSeconds(5);
      ScalingDecision d = decide(p, n, Samples.workers(n, clock.instant(), 200.0 / n, 1.0), 1400, 60_000);
      if (i >= 1) {
        assertThat(d.scalingIneffective()).isTrue();
        assertThat(d.apply()).isFalse();
        assertThat(d.direction()).isEqualTo(Direction.BLOCKED);
        assertThat(d.reason()).isEqualTo(ScalingReason.IneffectiveScaling);
      }
    }

    // Demand falls once the 60 s mean of the arrival rate says so.
    ScalingDecision calm = null;
    for (int i = 0; i < 12; i++) {
      clock.advanceSeconds(5);
      calm = decide(p, n, Samples.workers(n, clock.instant(), 0, 0), 0, 0);
    }
    assertThat(calm.scalingIneffective()).isFalse();
  }

  @Test
  void effectiveScaleUpLeavesTheGuardOff() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 100);
    ScalingDecision up = decide(p, 2, saturated(2), 1400, 50_000);
    int n = up.desiredReplicas();
    for (int i = 0; i < 3; i++) {
      clock.advanceSeconds(5);
      ScalingDecision d = decide(p, n, saturated(n), 1400, 30_000);
      assertThat(d.scalingIneffective()).isFalse();
    }
  }

  @Test
  void restoredStateCausesNoReplicaChangeAfterARestart() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    GroupAutoscaler restarted = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
    restarted.restore(KEY, clock.instant().minusSeconds(30), 10);
    for (int i = 0; i < 59; i++) {
      ScalingDecision d = restarted.evaluate(KEY, p, 10, serving(10, 280), BacklogReading.workerLocal());
      assertThat(d.apply()).as("decision %d after restart", i).isFalse();
      clock.advanceSeconds(5);
    }
  }

  @Test
  void idleWorkersKeepTheLastMeasuredCapacity() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    decide(p, 2, saturated(2), 200, 0);
    clock.advanceSeconds(5);
    ScalingDecision d = decide(p, 3, Samples.workers(3, clock.instant(), 0, 0), 140, 0);

    assertThat(d.metrics().capacityPerWorker()).isEqualTo(100.0);
  }

  @Test
  void unmeasuredCapacityHoldsRatherThanFallingToTheMinimum() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50).withScaleDown(new Behavior(Duration.ZERO, 100, 0));
    ScalingDecision d = decide(p, 5, Samples.workers(5, clock.instant(), 0, 0), 300, 0);

    assertThat(d.desiredReplicas()).isEqualTo(5);
  }

  @Test
  void waitsForAddedWorkersBeforeAddingMore() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 100);
    ScalingDecision up = decide(p, 2, saturated(2), 1400, 0);
    clock.advanceSeconds(5);
    // Only the 2 old workers report; the backlog grew while the new ones start.
    ScalingDecision next = decide(p, up.desiredReplicas(), saturated(2), 1400, 60_000);

    assertThat(next.apply()).isFalse();
    assertThat(next.reason()).isEqualTo(ScalingReason.ScaleUpInProgress);
  }

  @Test
  void doesNotScaleDownWhileTheWorkersItAddedStart() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 100).withScaleDown(new Behavior(Duration.ZERO, 100, 0));
    ScalingDecision up = decide(p, 1, saturated(1), 400, 0);
    assertThat(up.desiredReplicas()).isEqualTo(6);
    clock.advanceSeconds(5);
    // The one old worker, starved of CPU by the starting ones, reads far less than the load; the others are not
    // ready yet.
    ScalingDecision next = engine.evaluate(KEY, p, up.desiredReplicas(), 1, serving(1, 75),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, 75, 0, clock.instant()));

    assertThat(next.apply()).isFalse();
    assertThat(next.desiredReplicas()).isEqualTo(up.desiredReplicas());
    assertThat(next.reason()).isEqualTo(ScalingReason.ScaleUpInProgress);
  }

  @Test
  void aSlowStartHoldsTheScaleDownUntilAWorkerMustHaveStarted() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 100).withScaleDown(new Behavior(Duration.ZERO, 100, 0));
    ScalingDecision up = decide(p, 1, saturated(1), 400, 0);
    // 22 intervals of 5 s: past the 20 intervals the check used to allow, within a worker's start-up budget.
    clock.advanceSeconds(110);
    ScalingDecision slow = engine.evaluate(KEY, p, up.desiredReplicas(), 1, serving(1, 75),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, 75, 0, clock.instant()));
    assertThat(slow.apply()).isFalse();
    assertThat(slow.reason()).isEqualTo(ScalingReason.ScaleUpInProgress);

    // Workers that never came up are the Deployment's problem: after the budget the group follows its load again.
    clock.advanceSeconds(15);
    ScalingDecision later = engine.evaluate(KEY, p, up.desiredReplicas(), 1, serving(1, 75),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, 75, 0, clock.instant()));
    assertThat(later.desiredReplicas()).isLessThan(up.desiredReplicas());
  }

  @Test
  void scalesFromZeroWhenMessagesArrive() {
    ScalingDecision idle = decide(ScalingPolicy.defaults(0, 10), 0, List.of(), 0, 0);
    assertThat(idle.desiredReplicas()).isZero();
    assertThat(idle.metricsAvailable()).as("nothing to scrape is not an outage").isTrue();

    clock.advanceSeconds(5);
    ScalingDecision d = decide(ScalingPolicy.defaults(0, 10), 0, List.of(), 50, 20);
    assertThat(d.desiredReplicas()).isEqualTo(1);
    assertThat(d.apply()).isTrue();
    assertThat(d.reason()).isEqualTo(ScalingReason.ArrivalRateRose);
  }

  @Test
  void aLoweredMaximumAppliesEvenWithoutMetrics() {
    ScalingDecision d = engine.evaluate(KEY, ScalingPolicy.defaults(1, 10), 12, List.of(),
        BacklogReading.workerLocal());

    assertThat(d.desiredReplicas()).isEqualTo(10);
    assertThat(d.apply()).isTrue();
    assertThat(d.reason()).isEqualTo(ScalingReason.AboveMaximum);
    assertThat(d.metricsAvailable()).isFalse();
  }

  @Test
  void logLineCarriesTheInputs() {
    ScalingDecision d = decide(ScalingPolicy.defaults(2, 32), 2, saturated(2), 2240, 0);

    assertThat(d.logLine()).contains("group=iot/telemetry/ingest", "current=2", "desired=32", "arrival=2240.0",
        "capacity=100.0", "reason=ArrivalRateRose", "byCapacity=32");
  }
}
