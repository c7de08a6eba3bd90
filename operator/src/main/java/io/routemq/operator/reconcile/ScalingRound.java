package io.routemq.operator.reconcile;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.status.WorkerBudgetFigures;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the autoscaler said in one reconcile.
 *
 * @param groups per autoscaled group name
 * @param nextDecisionIn when the next group is due; empty when no group is autoscaled
 * @param budget how spec.workerBudget was shared this round; null when the cluster has no budget
 */
public record ScalingRound(
    Map<String, GroupScaling> groups, Optional<Duration> nextDecisionIn, WorkerBudgetFigures budget) {

  public ScalingRound {
    groups = Map.copyOf(groups);
  }

  /** A round without a worker budget. */
  public ScalingRound(Map<String, GroupScaling> groups, Optional<Duration> nextDecisionIn) {
    this(groups, nextDecisionIn, null);
  }

  public static ScalingRound none() {
    return new ScalingRound(Map.of(), Optional.empty());
  }

  /**
   * The round as a {@link ReplicaDecider}: the autoscaler's count where it gave one, else what runs (a new group
   * starts at its min).
   */
  public ReplicaDecider replicaDecider() {
    return new ReplicaDecider() {
      @Override
      public int desiredReplicas(RouteMQCluster cluster,
          GroupSpec group, OptionalInt current) {
        GroupScaling g = groups.get(group.getName());
        OptionalInt decided = g == null ? OptionalInt.empty() : g.replicas();
        return decided.orElse(current.orElse(group.minReplicas()));
      }

      @Override
      public OptionalInt hpaMinReplicas(GroupSpec group) {
        GroupScaling g = groups.get(group.getName());
        return g == null ? OptionalInt.empty() : g.hpaMinReplicas();
      }

      @Override
      public OptionalInt hpaMaxReplicas(GroupSpec group) {
        GroupScaling g = groups.get(group.getName());
        return g == null ? OptionalInt.empty() : g.hpaMaxReplicas();
      }
    };
  }
}
