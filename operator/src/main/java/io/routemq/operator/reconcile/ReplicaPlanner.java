package io.routemq.operator.reconcile;

import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.OptionalInt;

/** Decides who owns a group's spec.replicas and, when it is the operator, the value (pure). */
public final class ReplicaPlanner {

  private final ReplicaDecider decider;

  public ReplicaPlanner(ReplicaDecider decider) {
    this.decider = decider;
  }

  /**
   * The spec.replicas to write, or null to leave the field to its owner (an HPA).
   *
   * @param current the existing Deployment's spec.replicas, empty if there is none
   */
  public Integer replicas(RouteMQCluster cluster, GroupSpec group, OptionalInt current) {
    if (!group.isShared()) {
      // One ordered consumer, whatever else the spec says.
      return 1;
    }
    AutoscalingMode mode = group.effectiveAutoscalingMode();
    int min = group.minReplicas();
    int max = group.maxReplicas();
    return switch (mode) {
      case Off -> min;
      case HPA -> current.isPresent() ? null : Math.max(1, min);
      case Operator -> clamp(decider.desiredReplicas(cluster, group, current), min, max);
    };
  }

  /** HPA mode: the floor the autoscaler raised, or empty for the spec's min. */
  public OptionalInt hpaMinReplicas(GroupSpec group) {
    return decider.hpaMinReplicas(group);
  }

  /** HPA mode: the maxReplicas a worker budget allows, or empty for the spec's max. */
  public OptionalInt hpaMaxReplicas(GroupSpec group) {
    return decider.hpaMaxReplicas(group);
  }

  /** Who owns spec.replicas, as shown on the Deployment. */
  public static String owner(GroupSpec group) {
    if (!group.isShared()) {
      return "spec";
    }
    return switch (group.effectiveAutoscalingMode()) {
      case Off -> "spec";
      case HPA -> "hpa";
      case Operator -> "operator";
    };
  }

  static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}
