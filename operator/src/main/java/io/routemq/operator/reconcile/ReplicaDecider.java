package io.routemq.operator.reconcile;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.OptionalInt;

/**
 * How many workers a group in {@code Operator} mode should run, and the floor of an HPA-mode group's HPA. The
 * answer is clamped to [min, max] by the caller either way. Built per reconcile from a {@link ScalingRound}.
 */
public interface ReplicaDecider {

  /**
   * @param current the Deployment's spec.replicas, empty when the Deployment does not exist yet
   * @return the worker count to write
   */
  int desiredReplicas(RouteMQCluster cluster, GroupSpec group, OptionalInt current);

  /** HPA mode: the HPA's minReplicas when the autoscaler raised it; empty for the spec's min. */
  default OptionalInt hpaMinReplicas(GroupSpec group) {
    return OptionalInt.empty();
  }

  /** HPA mode under a worker budget: the HPA's maxReplicas; empty for the spec's max. */
  default OptionalInt hpaMaxReplicas(GroupSpec group) {
    return OptionalInt.empty();
  }

  /** Keep what runs (so an operator restart changes nothing), start a new group at its min. */
  static ReplicaDecider holdCurrent() {
    return (cluster, group, current) -> current.orElse(group.minReplicas());
  }
}
