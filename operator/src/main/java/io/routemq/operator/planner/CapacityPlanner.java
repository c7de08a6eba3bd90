package io.routemq.operator.planner;

import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.ScalingTargets;
import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.GroupAutoscaler;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.InMemoryAutoscalerStateStore;
import io.routemq.operator.autoscaling.ScalingDecision;
import io.routemq.operator.autoscaling.ScalingPolicy;
import io.routemq.operator.autoscaling.WorkerSample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The capacity planner on the autoscaler's own engine: it feeds the engine one fully busy worker at the measured
 * rate and the expected arrivals and backlog, from zero workers, so the answer is exactly what the operator would
 * scale to at once (the CR's policy mapper and defaults included). The CPU target is not planned: it needs a
 * running fleet's CPU figures.
 */
public final class CapacityPlanner {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  /** The plan for one group. */
  public record Plan(PlanInput input, int workers, ScalingDecision decision) {}

  public Plan plan(PlanInput in) {
    if (in.expectedRate() < 0 || in.perWorkerRate() <= 0) {
      throw new IllegalArgumentException("rate must be >= 0 and per-worker rate > 0 for group " + in.group());
    }
    ScalingPolicy policy = ScalingPolicy.from(groupSpec(in), 0);
    GroupAutoscaler engine = new GroupAutoscaler(Clock.fixed(AT, ZoneOffset.UTC), new InMemoryAutoscalerStateStore());
    WorkerSample measured = new WorkerSample("measured", AT, in.perWorkerRate(), in.perWorkerRate(), 1.0, 0, 0, 0);
    ScalingDecision d = engine.evaluate(new GroupKey("plan", "plan", in.group()), policy, 0, List.of(measured),
        BacklogReading.of(BacklogReading.Source.ARRIVAL_SAMPLER, in.expectedRate(), in.backlog(), AT));
    return new Plan(in, d.desiredReplicas(), d);
  }

  /** The CR group the input describes, so the planner goes through the same policy mapper as the operator. */
  static GroupSpec groupSpec(PlanInput in) {
    GroupSpec g = new GroupSpec(in.group());
    g.setReplicas(ReplicasSpec.range(in.min(), in.max()));
    AutoscalingSpec as = new AutoscalingSpec();
    ScalingTargets t = new ScalingTargets();
    t.setCapacityUtilization(in.capacityUtilizationPercent());
    t.setBacklogDrainSeconds(in.drainSeconds());
    if (in.messagesPerSecondPerWorker() > 0) {
      t.setMessagesPerSecondPerWorker(in.messagesPerSecondPerWorker());
    }
    if (in.queueDepthPerWorker() > 0) {
      t.setQueueDepthPerWorker(in.queueDepthPerWorker());
    }
    as.setTargets(t);
    g.setAutoscaling(as);
    return g;
  }
}
