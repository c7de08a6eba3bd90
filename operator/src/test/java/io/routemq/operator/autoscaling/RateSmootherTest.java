package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.WorkerContract;
import io.routemq.operator.autoscaling.BacklogReading.Source;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rate sized on: the stable window's mean, unless the fleet cannot take the latest rate. */
class RateSmootherTest {
  private static final GroupKey KEY = new GroupKey("iot", "telemetry", "ingest");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());

  /** 10 workers (1000 msg/s when fully busy) and the sampler counting {@code arrival}. */
  private ScalingDecision at(ScalingPolicy p, double arrival) {
    double per = Math.min(100, arrival / 10);
    ScalingDecision d = engine.evaluate(KEY, p, 10, Samples.workers(10, clock.instant(), per, per / 100),
        BacklogReading.of(Source.ARRIVAL_SAMPLER, arrival, 0, clock.instant()));
    clock.advanceSeconds(5);
    return d;
  }

  @Test
  void noiseWithinTheHeadroomIsAveragedOut() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    ScalingDecision d = null;
    for (int i = 0; i < 12; i++) {
      d = at(p, i % 2 == 0 ? 600 : 800);
    }
    // 800 msg/s alone would ask for 12 workers (800 ÷ 70); the minute's mean, 700, for the 10 there are.
    assertThat(d.metrics().measuredArrivalRate()).isEqualTo(800.0);
    assertThat(d.metrics().arrivalRate()).isEqualTo(700.0);
    assertThat(d.desiredReplicas()).isEqualTo(10);
    assertThat(d.message()).contains("arrival 700.0 msg/s (mean of 60s, 800.0 msg/s now)");
  }

  @Test
  void aRateTheFleetCannotTakeIsSizedOnAtOnce() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    for (int i = 0; i < 11; i++) {
      at(p, 700);
    }
    ScalingDecision d = at(p, 1400);

    assertThat(d.metrics().arrivalRate()).isEqualTo(1400.0);
    assertThat(d.desiredReplicas()).isEqualTo(20);
  }

  @Test
  void theMeanOnlyCoversRatesOfTheLastMinute() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    for (int i = 0; i < 12; i++) {
      at(p, 900);
    }
    ScalingDecision d = null;
    for (int i = 0; i < 12; i++) {
      d = at(p, 700);
    }
    assertThat(d.metrics().arrivalRate()).isEqualTo(700.0);
  }

  @Test
  void aShortScaleDownWindowShortensTheMean() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50)
        .withScaleDown(new ScalingPolicy.Behavior(Duration.ofSeconds(10), 0, 0));
    at(p, 900);
    at(p, 900);
    at(p, 500);
    ScalingDecision d = at(p, 700);

    assertThat(RateSmoother.window(p)).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.metrics().arrivalRate()).isEqualTo(600.0);
  }

  @Test
  void saturatedRatesAreLeftAloneAndStartTheMeanAfresh() {
    ScalingPolicy p = ScalingPolicy.defaults(1, 50);
    for (int i = 0; i < 6; i++) {
      at(p, 900);
    }
    // WorkerLocal, every worker saturated: the rate is the workers' throughput, not a measure of demand.
    long full = WorkerContract.receiveMaximum(64, true);
    ScalingDecision saturated = engine.evaluate(KEY, p, 10, Samples.workers(10, clock.instant(), 100, 1.0, full),
        BacklogReading.workerLocal());
    clock.advanceSeconds(5);
    assertThat(saturated.metrics().demandMeasured()).isFalse();
    assertThat(saturated.metrics().arrivalRate()).isEqualTo(2500.0);

    ScalingDecision after = at(p, 600);
    assertThat(after.metrics().arrivalRate()).as("no rate from before the saturated stretch").isEqualTo(600.0);
  }
}
