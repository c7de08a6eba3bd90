package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.v1alpha1.ScalingInputs;
import io.routemq.operator.autoscaling.BacklogReading.Source;
import io.routemq.operator.autoscaling.ScalingDecision.Direction;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Predictive pre-scaling in the engine, on a simulated clock: workers process 100 msg/s when fully busy. */
class PredictiveScalingTest {
  private static final GroupKey KEY = new GroupKey("iot", "telemetry", "ingest");
  private static final Instant MIDNIGHT = Instant.parse("2026-01-01T00:00:00Z");
  private static final PredictivePolicy PREDICTIVE = PredictivePolicy.enabled(Duration.ofSeconds(60));

  private final MutableClock clock = new MutableClock(MIDNIGHT);
  private final GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
  private final ScalingPolicy policy = ScalingPolicy.defaults(2, 40);
  private int replicas = 2;

  /** One decision at the current time with {@code arrival} msg/s served by the current workers. */
  private ScalingDecision step(PredictivePolicy pp, double arrival) {
    return step(pp, arrival, 0);
  }

  private ScalingDecision step(PredictivePolicy pp, double arrival, long backlog) {
    double per = Math.min(100, arrival / replicas);
    ScalingDecision d = engine.evaluate(KEY, policy, pp, replicas, replicas,
        Samples.workers(replicas, clock.instant(), per, per / 100),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, arrival, backlog, clock.instant()));
    if (d.apply()) {
      replicas = d.desiredReplicas();
    }
    clock.advanceSeconds(5);
    return d;
  }

  /** Runs until {@code until} (seconds after the first midnight): 140 msg/s, 1400 from 08:00 to 18:00 each day. */
  private ScalingDecision runUntil(PredictivePolicy pp, long until) {
    ScalingDecision last = null;
    while (clock.instant().isBefore(MIDNIGHT.plusSeconds(until))) {
      long s = clock.instant().getEpochSecond() % 86_400;
      last = step(pp, s >= 8 * 3600 && s < 18 * 3600 ? 1400 : 140);
    }
    return last;
  }

  /** The decision at 07:58:55 is the first whose lookahead (60 s lead + 5 s interval) reaches 08:00. */
  @Test
  void addsWorkersAheadOfTheRiseItLearnedTheDayBefore() {
    runUntil(PREDICTIVE, 86_400 + 8 * 3600 - 65);
    int before = replicas;

    ScalingDecision d = step(PREDICTIVE, 140);

    assertThat(d.direction()).isEqualTo(Direction.UP);
    assertThat(d.reason()).isEqualTo(ScalingReason.PredictedRise);
    assertThat(d.desiredReplicas()).as("1400 msg/s at 70 of 100 msg/s per worker").isEqualTo(20);
    assertThat(d.prediction().predictedRate()).isEqualTo(1400);
    assertThat(d.message()).contains("predicted rise to 1400.0 msg/s");
    assertThat(before).isLessThan(5);
    ScalingInputs in = ScalingEventMapper.toEvent(d).getInputs();
    assertThat(in.getPredictedArrivalRate()).isEqualTo(1400.0);
    assertThat(in.getByPrediction()).isEqualTo(20);
    assertThat(ScalingEventMapper.toEvent(d).getReason()).isEqualTo("PredictedRise");
  }

  @Test
  void reactiveAloneWaitsForTheRise() {
    runUntil(PredictivePolicy.OFF, 86_400 + 8 * 3600 - 65);

    ScalingDecision d = step(PredictivePolicy.OFF, 140);

    assertThat(d.direction()).isNotEqualTo(Direction.UP);
    assertThat(d.prediction()).isNull();
  }

  @Test
  void predictsNothingOnTheFirstDay() {
    ScalingDecision d = runUntil(PREDICTIVE, 8 * 3600 - 55);

    assertThat(d.prediction()).isNull();
    assertThat(replicas).isLessThan(5);
  }

  @Test
  void neverPredictsAFallAndLeavesTheScaleDownToTheReactiveRule() {
    runUntil(PREDICTIVE, 86_400 + 18 * 3600 - 60);
    assertThat(replicas).isEqualTo(20);

    ScalingDecision beforeFall = step(PREDICTIVE, 1400);
    ScalingDecision afterWindow = runUntil(PREDICTIVE, 86_400 + 18 * 3600 + 400);

    assertThat(beforeFall.prediction()).isNull();
    assertThat(afterWindow.prediction()).isNull();
    assertThat(replicas).as("the reactive scale-down after its 300 s window").isLessThan(20);
  }

  @Test
  void neverAsksForFewerWorkersThanTheReactiveRule() {
    runUntil(PREDICTIVE, 86_400 + 8 * 3600 - 65);

    // A backlog to drain now that needs more than the rise the profile expects: 140 msg/s plus 180 000 waiting
    // within 60 s is 2 + 30 workers; the prediction (140 + 1260 msg/s) asks for 20.
    ScalingDecision d = step(PREDICTIVE, 140, 180_000);

    assertThat(d.desiredReplicas()).isEqualTo(32);
    assertThat(d.reason()).isEqualTo(ScalingReason.BacklogGrowing);
    assertThat(d.prediction()).isNull();
  }
}
