package io.routemq.operator.metrics;

import io.routemq.crds.routetable.WorkerContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's counters and gauges from one scrape (names from {@link WorkerContract}); counters are summed over
 * their series, per route where the metric has a {@code route} label.
 */
public record WorkerCounters(
    double received,
    double processed,
    double failed,
    double deadLettered,
    Map<String, Double> processedByRoute,
    double inFlight,
    double queueDepth,
    double busySeconds,
    double handlerThreads,
    double cpuSeconds) {

  public static WorkerCounters from(List<MetricSample> samples) {
    double received = 0;
    double processed = 0;
    double failed = 0;
    double deadLettered = 0;
    double inFlight = 0;
    double queue = 0;
    double busy = 0;
    double threads = 0;
    double cpu = 0;
    Map<String, Double> byRoute = new HashMap<>();
    for (MetricSample s : samples) {
      double v = Double.isFinite(s.value()) ? s.value() : 0;
      switch (s.name()) {
        case WorkerContract.METRIC_RECEIVED -> received += v;
        case WorkerContract.METRIC_PROCESSED -> {
          processed += v;
          byRoute.merge(s.labels().getOrDefault("route", ""), v, Double::sum);
        }
        case WorkerContract.METRIC_FAILED -> failed += v;
        case WorkerContract.METRIC_DEAD_LETTERED -> deadLettered += v;
        case WorkerContract.METRIC_IN_FLIGHT -> inFlight += v;
        case WorkerContract.METRIC_QUEUE_DEPTH -> queue += v;
        case WorkerContract.METRIC_BUSY_SECONDS -> busy += v;
        case WorkerContract.METRIC_HANDLER_THREADS -> threads += v;
        case WorkerContract.METRIC_CPU_SECONDS -> cpu += v;
        default -> { }
      }
    }
    return new WorkerCounters(received, processed, failed, deadLettered, Map.copyOf(byRoute), inFlight, queue, busy,
        threads, cpu);
  }

  /**
   * Messages that left the backlog: processed, or dead-lettered after their retries. A failed attempt alone does
   * not count, since the message may be retried.
   */
  public double completed() {
    return processed + deadLettered;
  }
}
