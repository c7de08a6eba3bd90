package io.routemq.operator.autoscaling;

import java.time.Instant;
import java.util.List;

/**
 * Turns worker samples and a backlog reading into one group's figures: which samples are fresh, the arrival and
 * processing rates, the backlog, CPU utilization and the per-worker capacity (processed ÷ busy ratio, Flink's
 * "true processing rate"), keeping the last measured capacity when workers are too idle to measure it.
 */
public final class MetricsEvaluator {
  /** Below this busy ratio processed/busy is noise (a worker that handled three messages says little). */
  static final double MIN_BUSY_FOR_CAPACITY = 0.05;
  /**
   * A worker this busy that holds more messages than it has handler threads takes all it can: its prefetched
   * messages wait for a thread, and the broker holds the rest.
   */
  static final double SATURATED_BUSY = 0.9;

  public GroupMetrics evaluate(ScalingPolicy policy, List<WorkerSample> samples, int readyWorkers,
      BacklogReading backlog, Instant now, double lastCapacity) {
    Instant freshSince = now.minus(policy.staleAfter());
    int fresh = 0;
    int stale = 0;
    double received = 0;
    double processed = 0;
    double busy = 0;
    double cpu = 0;
    long depth = 0;
    boolean allSaturated = policy.concurrency() > 0;
    for (WorkerSample s : samples) {
      if (s.observedAt() == null || s.observedAt().isBefore(freshSince)) {
        stale++;
        continue;
      }
      fresh++;
      received += s.receivedPerSecond();
      processed += s.processedPerSecond();
      busy += Math.min(1, Math.max(0, s.busyRatio()));
      cpu += s.cpuCores();
      depth += s.depth();
      allSaturated &= s.busyRatio() >= SATURATED_BUSY && s.inFlight() > policy.concurrency();
    }
    double capacity = busy >= MIN_BUSY_FOR_CAPACITY * Math.max(fresh, 1) && processed > 0
        ? processed / busy : lastCapacity;
    BacklogReading reading = backlog == null ? BacklogReading.workerLocal() : backlog;
    double arrival = reading.arrivalRate().orElse(received);
    long waiting = reading.backlog().orElse(depth);
    double cpuUtil = policy.cpuRequestCores() > 0 && fresh > 0
        ? cpu / fresh / policy.cpuRequestCores() * 100 : Double.NaN;
    boolean saturated = fresh > 0 && allSaturated;
    return new GroupMetrics(now, fresh, stale, readyWorkers, arrival, processed, capacity, waiting,
        fresh > 0 ? busy / fresh : 0, cpuUtil, saturated, arrival, reading.arrivalRate().isPresent() || !saturated);
  }
}
