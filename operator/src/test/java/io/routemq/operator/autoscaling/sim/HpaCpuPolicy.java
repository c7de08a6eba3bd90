package io.routemq.operator.autoscaling.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kubernetes HPA v2 on a CPU {@code Utilization} target, as users write it next to a RouteMQ deployment.
 *
 * <p>Metrics: metrics-server scrapes each running pod's CPU counter every 15 s ({@code --metric-resolution}) and
 * serves the rate over the last window; a pod has no figure until it has been scraped twice. The HPA reads it at
 * each sync (here the freshest case: the scrape lands just before the sync).
 *
 * <p>Replicas ({@code GetResourceReplicas} and {@code groupPods} in pkg/controller/podautoscaler/
 * replica_calculator.go): pods still pending (not ready yet, here) are ignored; within the 5 min
 * {@code cpuInitializationPeriod} a ready pod whose metric window began before it turned ready is ignored too;
 * a pod without a metric is missing. usage ratio = Σ usage ÷ Σ request ÷ target (utilization in whole percent).
 * Nothing ignored or missing: within ±10 % keep the count, else ceil(ratio × ready pods). Otherwise: on a
 * scale-up missing and ignored pods count as 0 % of their request, on a scale-down missing pods as 100 %; the
 * ratio is recomputed, and the count is kept if it is now within tolerance or the direction flipped; the answer
 * is ceil(new ratio × pods counted). Then {@link HpaController} applies the default behaviour.
 */
final class HpaCpuPolicy implements FleetPolicy {
  /** cpuInitializationPeriod (--horizontal-pod-autoscaler-cpu-initialization-period, default 5 min). */
  static final double CPU_INITIALIZATION_PERIOD = 300;
  static final double METRIC_WINDOW = 15;

  private final int targetUtilization;
  private final double requestCores;
  private final HpaController controller;
  /** Per pod: {time of last scrape, CPU seconds then, window start of the served metric, usage cores}. */
  private final Map<String, double[]> metricsServer = new HashMap<>();

  /**
   * @param targetUtilization the HPA's averageUtilization, percent of the CPU request
   * @param requestCores the workers' CPU request
   */
  HpaCpuPolicy(int targetUtilization, double requestCores, int minReplicas, int maxReplicas) {
    this.targetUtilization = targetUtilization;
    this.requestCores = requestCores;
    this.controller = new HpaController(minReplicas, maxReplicas);
  }

  @Override
  public String name() {
    return "hpa-cpu";
  }

  @Override
  public long periodSeconds() {
    return HpaController.SYNC_SECONDS;
  }

  @Override
  public int decide(long t, int current, SimulatedFleet fleet) {
    double usage = 0;
    double requests = 0;
    int ready = 0;
    int ignored = 0;
    int missing = 0;
    Map<String, double[]> seen = new HashMap<>();
    for (SimulatedFleet.PodView p : fleet.pods(t)) {
      if (!p.ready()) {
        ignored++;
        continue;
      }
      double[] m = metricsServer.get(p.name());
      double[] next;
      if (m == null) {
        next = new double[] {t, p.cpuSeconds(), Double.NaN, Double.NaN};
      } else {
        next = new double[] {t, p.cpuSeconds(), m[0], (p.cpuSeconds() - m[1]) / (t - m[0])};
      }
      seen.put(p.name(), next);
      if (Double.isNaN(next[3])) {
        missing++;
      } else if (t < p.readyAt() + CPU_INITIALIZATION_PERIOD && t < p.readyAt() + METRIC_WINDOW) {
        // The metric's timestamp is before readiness + one window: a sample of start-up, not of work.
        ignored++;
      } else {
        ready++;
        usage += next[3];
        requests += requestCores;
      }
    }
    metricsServer.clear();
    metricsServer.putAll(seen);
    return controller.normalize(t, current, replicas(current, ready, ignored, missing, usage, requests));
  }

  private int replicas(int current, int ready, int ignored, int missing, double usage, double requests) {
    if (ready == 0) {
      return -1; // "did not receive metrics for any ready pods": the HPA changes nothing
    }
    double ratio = utilization(usage, requests) / (double) targetUtilization;
    boolean rebalanceIgnored = ignored > 0 && ratio > 1.0;
    if (!rebalanceIgnored && missing == 0) {
      if (Math.abs(1.0 - ratio) <= HpaController.TOLERANCE) {
        return current;
      }
      return (int) Math.ceil(ratio * ready);
    }
    int counted = ready;
    if (missing > 0) {
      if (ratio < 1.0) {
        usage += missing * requestCores;
        requests += missing * requestCores;
        counted += missing;
      } else if (ratio > 1.0) {
        requests += missing * requestCores;
        counted += missing;
      }
    }
    if (rebalanceIgnored) {
      requests += ignored * requestCores;
      counted += ignored;
    }
    double newRatio = utilization(usage, requests) / (double) targetUtilization;
    if (Math.abs(1.0 - newRatio) <= HpaController.TOLERANCE || (ratio < 1.0 && newRatio > 1.0)
        || (ratio > 1.0 && newRatio < 1.0)) {
      return current;
    }
    int replicas = (int) Math.ceil(newRatio * counted);
    if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
      return current;
    }
    return replicas;
  }

  /** GetResourceUtilizationRatio: utilization in whole percent of the summed requests. */
  private static int utilization(double usage, double requests) {
    return (int) (usage * 100 / requests);
  }
}
