package io.routemq.operator.autoscaling.sim;

import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.GroupAutoscaler;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.InMemoryAutoscalerStateStore;
import io.routemq.operator.autoscaling.MutableClock;
import io.routemq.operator.autoscaling.PredictivePolicy;
import io.routemq.operator.autoscaling.ScalingDecision;
import io.routemq.operator.autoscaling.ScalingPolicy;

/** Our engine as it runs in the operator: worker samples every interval, plus the group's backlog source. */
final class RouteMqPolicy implements FleetPolicy {
  private static final GroupKey KEY = new GroupKey("sim", "fleet", "ingest");
  private final String name;
  private final ScalingPolicy policy;
  private final PredictivePolicy predictive;
  private final MutableClock clock = new MutableClock(ScenarioRunner.EPOCH);
  private final GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
  private long clockAt;

  RouteMqPolicy(String name, ScalingPolicy policy) {
    this(name, policy, PredictivePolicy.OFF);
  }

  RouteMqPolicy(String name, ScalingPolicy policy, PredictivePolicy predictive) {
    this.name = name;
    this.policy = policy;
    this.predictive = predictive;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long periodSeconds() {
    return policy.interval().toSeconds();
  }

  @Override
  public int decide(long t, int current, SimulatedFleet fleet) {
    clock.advanceSeconds(t - clockAt);
    clockAt = t;
    BacklogReading reading = policy.backlogSource() == BacklogReading.Source.ARRIVAL_SAMPLER
        ? fleet.arrivalSamplerReading(t, ScenarioRunner.EPOCH) : BacklogReading.workerLocal();
    // The operator passes the pods its informer sees ready; starting ones receive nothing and report nothing.
    int ready = (int) fleet.pods(t).stream().filter(SimulatedFleet.PodView::ready).count();
    ScalingDecision d = engine.evaluate(KEY, policy, predictive, current, ready,
        fleet.scrape(t, ScenarioRunner.EPOCH, true), reading);
    return d.apply() ? d.desiredReplicas() : current;
  }
}
