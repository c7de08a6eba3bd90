package io.routemq.operator.reconcile;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.OptionalInt;

/**
 * Port: how many workers a group in {@code Operator} mode should run. The autoscaling engine
 * implements it; the answer is clamped to [min, max] by the caller either way.
 */
@FunctionalInterface
public interface ReplicaDecider {

  /**
   * @param current the Deployment's spec.replicas, empty when the Deployment does not exist yet
   * @return the worker count to write
   */
  int desiredReplicas(RouteMQCluster cluster, GroupSpec group, OptionalInt current);

  /**
   * Until a decision engine is wired: keep what runs (so an operator restart changes nothing), start a
   * new group at its min.
   */
  static ReplicaDecider holdCurrent() {
    return (cluster, group, current) -> current.orElse(group.minReplicas());
  }
}
