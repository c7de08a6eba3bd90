package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.v1alpha1.ScalingEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScalingEventMapperTest {

  @Test
  void mapsAnAppliedScaleUpWithItsInputs() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.250Z"));
    GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
    ScalingDecision d = engine.evaluate(new GroupKey("ns", "c", "ingest"), ScalingPolicy.defaults(2, 32), 2,
        Samples.workers(2, clock.instant(), 100, 1.0),
        BacklogReading.of(BacklogReading.Source.ARRIVAL_SAMPLER, 2240, 10, clock.instant()));

    ScalingEvent e = ScalingEventMapper.toEvent(d);

    assertThat(e.getTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(e.getGroup()).isEqualTo("ingest");
    assertThat(e.getFrom()).isEqualTo(2);
    assertThat(e.getTo()).isEqualTo(32);
    assertThat(e.getDirection()).isEqualTo("Up");
    assertThat(e.getReason()).isEqualTo("ArrivalRateRose");
    assertThat(e.getApplied()).isTrue();
    assertThat(e.getMessage()).contains("2 -> 32");
    assertThat(e.getInputs().getArrivalRate()).isEqualTo(2240.0);
    assertThat(e.getInputs().getProcessingRate()).isEqualTo(200.0);
    assertThat(e.getInputs().getCapacityPerWorker()).isEqualTo(100.0);
    assertThat(e.getInputs().getBacklog()).isEqualTo(10L);
    assertThat(e.getInputs().getReportingWorkers()).isEqualTo(2);
    assertThat(e.getInputs().getByCapacity()).isEqualTo(33);
    assertThat(e.getInputs().getCpuUtilization()).isNull();
  }

  @Test
  void mapsABlockedHoldAsBlockedAndNotApplied() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
    ScalingDecision d = engine.evaluate(new GroupKey("ns", "c", "ingest"), ScalingPolicy.defaults(2, 32), 5,
        java.util.List.of(), BacklogReading.workerLocal());

    ScalingEvent e = ScalingEventMapper.toEvent(d);

    assertThat(e.getDirection()).isEqualTo("Blocked");
    assertThat(e.getReason()).isEqualTo("MetricsStale");
    assertThat(e.getApplied()).isFalse();
    assertThat(e.getFrom()).isEqualTo(5);
    assertThat(e.getTo()).isEqualTo(5);
  }

  @Test
  void mapsARecommendOnlyDecisionAsItsDirectionNotApplied() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
    ScalingDecision d = engine.evaluate(new GroupKey("ns", "c", "ingest"),
        ScalingPolicy.defaults(2, 32).withModes(false, true), 2, Samples.workers(2, clock.instant(), 100, 1.0),
        BacklogReading.of(BacklogReading.Source.ARRIVAL_SAMPLER, 1400, 0, clock.instant()));

    ScalingEvent e = ScalingEventMapper.toEvent(d);

    assertThat(e.getDirection()).isEqualTo("Up");
    assertThat(e.getApplied()).isFalse();
    assertThat(e.getReason()).isEqualTo("RecommendOnly");
    assertThat(e.getTo()).isEqualTo(20);
    assertThat(e.getMessage()).startsWith("recommend-only, not applied: 2 -> 20");
  }
}
