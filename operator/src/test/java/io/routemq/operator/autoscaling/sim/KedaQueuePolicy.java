package io.routemq.operator.autoscaling.sim;

/**
 * KEDA's ScaledObject on a queue-length trigger: KEDA serves the queue length as an external metric with an
 * {@code AverageValue} target per replica, and the HPA it creates (default behaviour) sizes on it.
 *
 * <p>What it reads: the messages the broker holds for the group's shared subscription, waiting or delivered and
 * not yet acknowledged (as KEDA's RabbitMQ scaler in {@code QueueLength} mode reads a queue's {@code messages},
 * ready + unacknowledged). KEDA has no scaler for MQTT shared subscriptions; this is what a broker-side queue
 * scaler would see, the most it could.
 *
 * <p>Replicas ({@code GetExternalPerPodMetricReplicas} in kubernetes pkg/controller/podautoscaler/
 * replica_calculator.go): ratio = queue ÷ (target × status replicas); outside ±10 % the answer is ceil(queue ÷
 * target). No readiness or missing-pod handling applies to external metrics. Then {@link HpaController}.
 *
 * <p>Polling: by default the KEDA metrics server asks the scaler afresh on each HPA query (every 15 s);
 * {@code pollingInterval} (default 30 s) drives only activation (0 ↔ 1, not used with min ≥ 1) unless the trigger
 * sets {@code useCachedMetrics: true}, when the HPA reads the value of the last poll (keda.sh docs, "Scaling
 * Deployments", pollingInterval and useCachedMetrics; kedacore/keda pkg/provider and pkg/scaling).
 */
final class KedaQueuePolicy implements FleetPolicy {
  static final long POLLING_INTERVAL = 30;

  private final double targetPerReplica;
  private final boolean useCachedMetrics;
  private final HpaController controller;
  private double cached = Double.NaN;
  private long lastPoll = Long.MIN_VALUE;

  KedaQueuePolicy(double targetPerReplica, boolean useCachedMetrics, int minReplicas, int maxReplicas) {
    this.targetPerReplica = targetPerReplica;
    this.useCachedMetrics = useCachedMetrics;
    this.controller = new HpaController(minReplicas, maxReplicas);
  }

  @Override
  public String name() {
    return useCachedMetrics ? "keda-queue-cached" : "keda-queue";
  }

  @Override
  public long periodSeconds() {
    return HpaController.SYNC_SECONDS;
  }

  @Override
  public int decide(long t, int current, SimulatedFleet fleet) {
    double queue;
    if (useCachedMetrics) {
      if (lastPoll == Long.MIN_VALUE || t - lastPoll >= POLLING_INTERVAL) {
        cached = fleet.backlog();
        lastPoll = t;
      }
      queue = cached;
    } else {
      queue = fleet.backlog();
    }
    // The external metrics API carries a quantity; KEDA reports the queue length as a whole number.
    long usage = Math.round(queue);
    int statusReplicas = fleet.size();
    int replicas = statusReplicas;
    double ratio = usage / (targetPerReplica * statusReplicas);
    if (Math.abs(1.0 - ratio) > HpaController.TOLERANCE) {
      replicas = (int) Math.ceil(usage / targetPerReplica);
    }
    return controller.normalize(t, current, replicas);
  }
}
