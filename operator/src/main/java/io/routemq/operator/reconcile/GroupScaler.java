package io.routemq.operator.reconcile;

import io.routemq.crds.v1alpha1.RouteMQCluster;

/**
 * Port: the autoscaler as the reconciler sees it. Called once per reconcile with what the informers hold; it
 * decides the groups whose interval is due and answers for every autoscaled group (the latest figures, and the
 * worker count or HPA floor to write). The Kubernetes glue implementing it lives in {@code operator.scaling}.
 */
@FunctionalInterface
public interface GroupScaler {

  ScalingRound decide(RouteMQCluster cluster, ObservedState observed);

  /** No autoscaler: every group keeps what runs (a new one starts at its min). For tests of the reconcile alone. */
  static GroupScaler holdCurrent() {
    return (cluster, observed) -> ScalingRound.none();
  }
}
