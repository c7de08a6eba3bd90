package io.routemq.operator.autoscaling;

import java.time.Instant;

/**
 * One worker's figures over the last scrape interval, derived from counter deltas.
 *
 * @param pod pod name
 * @param observedAt when the scrape that produced these figures succeeded
 * @param receivedPerSecond messages delivered to the worker per second (capped by MQTT flow control)
 * @param processedPerSecond messages finished per second
 * @param busyRatio share of the handler threads' time spent in handlers, 0..1
 * @param cpuCores CPU cores used (rate of process CPU seconds)
 * @param inFlight messages received and not yet acknowledged
 * @param queued messages queued locally in the worker
 */
public record WorkerSample(
    String pod,
    Instant observedAt,
    double receivedPerSecond,
    double processedPerSecond,
    double busyRatio,
    double cpuCores,
    long inFlight,
    long queued) {

  /** Messages the worker holds: in flight plus queued. */
  public long depth() {
    return inFlight + queued;
  }
}
