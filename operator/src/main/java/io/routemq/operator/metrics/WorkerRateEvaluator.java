package io.routemq.operator.metrics;

import io.routemq.operator.autoscaling.WorkerSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive scrapes of each pod into {@link WorkerSample}s: rates are counter deltas over the time between
 * two successful scrapes; a counter that went down means the worker restarted, and its new value is the delta
 * (Prometheus {@code rate()} semantics). A failed scrape keeps the pod's last sample with its old time, so the
 * engine sees it turn stale. Pods that are gone are forgotten.
 */
public final class WorkerRateEvaluator {
  private final Map<String, ScrapeResult> previous = new HashMap<>();
  private final Map<String, WorkerSample> lastSample = new HashMap<>();
  private double completedTotal;
  private final Map<String, Double> lastCompleted = new HashMap<>();
  private boolean started;

  public List<WorkerSample> update(List<ScrapeResult> results) {
    Set<String> present = new HashSet<>();
    List<WorkerSample> out = new ArrayList<>();
    for (ScrapeResult r : results) {
      String pod = r.endpoint().pod();
      present.add(pod);
      if (r.ok()) {
        ScrapeResult before = previous.get(pod);
        if (before != null) {
          WorkerSample s = rates(pod, before, r);
          if (s != null) {
            lastSample.put(pod, s);
          }
        }
        double completed = r.counters().completed();
        Double last = lastCompleted.get(pod);
        // A pod seen at the first collection counts from there (arrivals are counted from then on too); a pod
        // that appears later started from zero, so all it has completed is new.
        completedTotal += last == null ? (started ? completed : 0) : delta(last, completed);
        lastCompleted.put(pod, completed);
        previous.put(pod, r);
      }
      WorkerSample s = lastSample.get(pod);
      if (s != null) {
        out.add(s);
      }
    }
    started = true;
    previous.keySet().retainAll(present);
    lastSample.keySet().retainAll(present);
    lastCompleted.keySet().retainAll(present);
    return out;
  }

  /**
   * Messages the group has finished since this evaluator started, from counter deltas (a pod that appeared after
   * the first collection counts from zero). The arrival sampler subtracts it from arrivals to estimate the backlog.
   */
  public double completedTotal() {
    return completedTotal;
  }

  private static WorkerSample rates(String pod, ScrapeResult a, ScrapeResult b) {
    double dt = Duration.between(a.time(), b.time()).toNanos() / 1e9;
    if (dt <= 0) {
      return null;
    }
    WorkerCounters x = a.counters();
    WorkerCounters y = b.counters();
    double threads = Math.max(1, y.handlerThreads());
    double busy = delta(x.busySeconds(), y.busySeconds()) / dt / threads;
    Instant at = b.time();
    return new WorkerSample(pod, at,
        delta(x.received(), y.received()) / dt,
        delta(x.processed(), y.processed()) / dt,
        Math.min(1, busy),
        delta(x.cpuSeconds(), y.cpuSeconds()) / dt,
        Math.round(y.inFlight()),
        Math.round(y.queueDepth()));
  }

  static double delta(double before, double after) {
    return after >= before ? after - before : after;
  }
}
