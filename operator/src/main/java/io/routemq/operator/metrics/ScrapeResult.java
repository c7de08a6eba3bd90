package io.routemq.operator.metrics;

import java.time.Instant;

/**
 * The outcome of scraping one pod.
 *
 * @param counters the parsed counters, or null when the scrape failed
 * @param error why it failed, or null
 */
public record ScrapeResult(PodEndpoint endpoint, Instant time, WorkerCounters counters, String error) {

  public boolean ok() {
    return counters != null;
  }
}
