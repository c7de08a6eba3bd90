package io.routemq.operator.reconcile;

/**
 * Prometheus names of what the operator exports on its own {@code /q/metrics}. One place, so the
 * Grafana dashboard under {@code deploy/monitoring/} can be checked against them.
 *
 * <p>Per-group series carry the labels {@code namespace}, {@code cluster} and {@code group}.
 */
public final class OperatorMetricNames {
  private OperatorMetricNames() {}

  /** Counter: reconciles, label {@code result} = success|error. */
  public static final String RECONCILES = "routemq_operator_reconciles_total";
  /** Counter: reconciles that found a spec the operator cannot apply. */
  public static final String SPECS_REJECTED = "routemq_operator_specs_rejected_total";
  /** Counter: creates, updates and deletes of child objects. */
  public static final String CHILD_WRITES = "routemq_operator_child_writes_total";
  /** Timer: duration of one reconcile (exported as _seconds_count/_sum/_max). */
  public static final String RECONCILE_SECONDS = "routemq_operator_reconcile_seconds";

  /** Gauge: workers the group should have (the Deployment's spec.replicas). */
  public static final String GROUP_WORKERS_DESIRED = "routemq_group_workers_desired";
  /** Gauge: workers ready. */
  public static final String GROUP_WORKERS_READY = "routemq_group_workers_ready";
  /** Gauge: messages per second arriving for the group, as last measured. */
  public static final String GROUP_ARRIVAL_RATE = "routemq_group_arrival_rate";
  /** Gauge: messages per second the group's workers processed, as last measured. */
  public static final String GROUP_PROCESSING_RATE = "routemq_group_processing_rate";
  /** Gauge: messages waiting (in the broker and in the workers), as last measured. */
  public static final String GROUP_QUEUE_DEPTH = "routemq_group_queue_depth";
  /** Gauge: CPU used relative to the CPU request, 0..1+, as last measured. */
  public static final String GROUP_CPU_UTILIZATION = "routemq_group_cpu_utilization";
  /** Counter: scaling decisions written to history, label {@code direction} = Up|Down|Blocked. */
  public static final String SCALING_EVENTS = "routemq_scaling_events_total";
}
