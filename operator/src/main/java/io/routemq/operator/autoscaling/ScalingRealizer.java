package io.routemq.operator.autoscaling;

/**
 * Applies a decision. The Kubernetes side implements it (Operator mode: patch the Deployment's replicas; HPA mode:
 * raise the HPA's minReplicas when the backlog needs more); {@link InMemoryScalingRealizer} serves tests.
 */
public interface ScalingRealizer {

  /** Sets the group's worker count; called only for decisions with {@code apply == true}. */
  void realize(GroupKey key, int replicas);

  /** Records a decision in history and as an Event; called for decisions with {@code recordInHistory}. */
  void record(ScalingDecision decision);
}
