package io.routemq.crds.v1alpha1;

/** Who decides a group's worker count. */
public enum AutoscalingMode {
  /** The operator's own capacity model sizes the Deployment. */
  Operator,
  /** An autoscaling/v2 HorizontalPodAutoscaler written by the operator sizes the Deployment. */
  HPA,
  /** The declared count (or replicas.min) is kept. */
  Off
}
