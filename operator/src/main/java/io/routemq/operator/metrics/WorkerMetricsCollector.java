package io.routemq.operator.metrics;

import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.WorkerSample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collector stage: scrapes a group's ready pods and keeps one {@link WorkerRateEvaluator} per group, so the
 * caller gets, every interval, the samples to pass to the engine. Failed scrapes are returned too, for logging.
 */
public final class WorkerMetricsCollector {
  private final MetricsScraper scraper;
  private final Map<GroupKey, WorkerRateEvaluator> evaluators = new ConcurrentHashMap<>();

  public WorkerMetricsCollector(MetricsScraper scraper) {
    this.scraper = scraper;
  }

  /** What one collection produced. */
  public record Collection(List<WorkerSample> samples, List<ScrapeResult> failures, double completedTotal) {}

  public Collection collect(GroupKey group, List<PodEndpoint> readyPods) {
    List<ScrapeResult> results = scraper.scrape(readyPods);
    WorkerRateEvaluator evaluator = evaluators.computeIfAbsent(group, g -> new WorkerRateEvaluator());
    List<WorkerSample> samples = evaluator.update(results);
    return new Collection(samples, results.stream().filter(r -> !r.ok()).toList(), evaluator.completedTotal());
  }

  /** Forget a group that was deleted. */
  public void forget(GroupKey group) {
    evaluators.remove(group);
  }
}
