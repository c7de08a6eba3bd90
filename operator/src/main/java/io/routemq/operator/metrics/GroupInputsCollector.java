package io.routemq.operator.metrics;

import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.WorkerSample;
import java.time.Clock;
import java.util.List;

/**
 * Everything the engine needs for one group and interval, in one call: scrape the ready pods, then read the
 * group's backlog source with the workers' completed count (and, for the arrival sampler, their held messages as a
 * floor). The Kubernetes side passes the result to {@code GroupAutoscaler.evaluate}.
 */
public final class GroupInputsCollector {
  /** Below this busy ratio a worker has room, so nothing can be waiting for it in the broker. */
  static final double IDLE_BUSY_RATIO = 0.5;
  private final WorkerMetricsCollector workers;
  private final Clock clock;

  public GroupInputsCollector(WorkerMetricsCollector workers, Clock clock) {
    this.workers = workers;
    this.clock = clock;
  }

  /** The engine's inputs, plus the scrapes that failed (for a log line or an Event). */
  public record Inputs(List<WorkerSample> samples, BacklogReading backlog, List<ScrapeResult> failures) {}

  public Inputs collect(GroupKey group, List<PodEndpoint> readyPods, BacklogProbe probe) {
    WorkerMetricsCollector.Collection c = workers.collect(group, readyPods);
    if (probe instanceof ArrivalSamplerProbe sampler && !c.samples().isEmpty()) {
      long held = 0;
      boolean allIdle = true;
      for (WorkerSample s : c.samples()) {
        held += s.depth();
        allIdle &= s.busyRatio() < IDLE_BUSY_RATIO;
      }
      if (allIdle && c.failures().isEmpty()) {
        sampler.resetTo(held);
      } else {
        sampler.withLocalFloor(held);
      }
    }
    return new Inputs(c.samples(), probe.read(clock.instant(), c.completedTotal()), c.failures());
  }
}
