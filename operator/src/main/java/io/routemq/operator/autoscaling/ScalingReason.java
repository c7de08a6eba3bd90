package io.routemq.operator.autoscaling;

/** Why a decision came out as it did; the name is written to status history as the machine-readable reason. */
public enum ScalingReason {
  /** Needed workers are within the tolerance band of the current count. */
  WithinTolerance,
  /** Arrivals need more workers at the target utilization. */
  ArrivalRateRose,
  /** The backlog needs more workers to drain within the catch-up time. */
  BacklogGrowing,
  /** The CPU target asks for more workers. */
  CpuAboveTarget,
  /** The messages-per-second target asks for more workers. */
  MessageRateAboveTarget,
  /** The queue-depth target asks for more workers. */
  QueueDepthAboveTarget,
  /** Fewer workers now suffice. */
  DemandFell,
  /** The count is raised to replicas.min. */
  BelowMinimum,
  /** The count is lowered to replicas.max. */
  AboveMaximum,
  /** A scale-down waits for the scale-down stabilization window. */
  StabilizingScaleDown,
  /** A scale-up waits for the scale-up stabilization window. */
  StabilizingScaleUp,
  /** No worker has reported recently: hold. */
  MetricsStale,
  /** Not every worker reports: no scale-down until they do. */
  WaitingForMetrics,
  /** Workers added by the last scale-up are not all reporting yet: no more are added until they are. */
  ScaleUpInProgress,
  /** Added workers did not raise throughput: no more are added. */
  IneffectiveScaling,
  /** Autoscaling is paused: the decision is shown, not applied. */
  Paused,
  /** Recommend-only: the decision is shown, not applied. */
  RecommendOnly,
  /** The learned rate profile expects a rise within the workers' start-up time: workers are added ahead of it. */
  PredictedRise
}
