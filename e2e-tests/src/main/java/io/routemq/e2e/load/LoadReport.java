package io.routemq.e2e.load;

import java.util.Locale;

/**
 * The outcome of a load run.
 *
 * @param sent messages handed to the client
 * @param acked messages the broker acknowledged (QoS 1), or sent (QoS 0)
 * @param received distinct messages the listener got back
 * @param duplicates deliveries of a message already received
 * @param lost acknowledged messages never received back
 * @param publishFailures publishes the client or broker refused
 * @param p50Millis end-to-end latency, median
 * @param p95Millis end-to-end latency, 95th percentile
 * @param p99Millis end-to-end latency, 99th percentile
 * @param seconds duration of the publishing phase
 */
public record LoadReport(
    long sent,
    long acked,
    long received,
    long duplicates,
    long lost,
    long publishFailures,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    double seconds) {

  public String summary() {
    return String.format(Locale.ROOT,
        "sent=%d acked=%d received=%d lost=%d duplicates=%d publish_failures=%d"
            + " latency_ms p50=%.1f p95=%.1f p99=%.1f duration_s=%.1f rate=%.0f/s",
        sent, acked, received, lost, duplicates, publishFailures, p50Millis, p95Millis, p99Millis, seconds,
        seconds > 0 ? sent / seconds : 0);
  }
}
