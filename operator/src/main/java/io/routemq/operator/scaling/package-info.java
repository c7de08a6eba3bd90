/**
 * The Kubernetes side of autoscaling: turns what the informers hold (the group's pods, its Deployment and HPA, the
 * status) into the pure engine's inputs ({@code operator.autoscaling}, {@code operator.metrics}) and its decisions
 * into a {@link io.routemq.operator.reconcile.ScalingRound} for the reconciler to apply and record.
 */
package io.routemq.operator.scaling;
