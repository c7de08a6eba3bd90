package io.routemq.operator.autoscaling;

import java.time.Instant;

/**
 * A group's evaluated metrics for one decision.
 *
 * @param time when evaluated
 * @param freshWorkers workers whose sample is recent enough to trust
 * @param staleWorkers workers whose last sample is too old
 * @param readyWorkers workers ready to receive messages; those among them without a fresh sample are waited for
 *     before a scale-down, while workers that are not ready (starting, or never turning ready) receive nothing and
 *     are not
 * @param arrivalRate messages per second arriving (from the backlog source, else what the workers received)
 * @param processingRate messages per second processed by the fresh workers
 * @param capacityPerWorker messages per second one fully busy worker processes (Flink's "true processing rate"),
 *     NaN when never measured
 * @param backlog messages waiting
 * @param busyRatio mean busy ratio of the fresh workers
 * @param cpuUtilization mean CPU utilization in percent of the CPU request, NaN when no request is known
 * @param saturated every fresh worker is busy and holds messages waiting for a thread: what waits in the broker is more
 *     than the workers take, so what they received is only a lower bound of the arrival rate
 * @param measuredArrivalRate the arrival rate as measured; {@code arrivalRate} differs from it only when the
 *     {@link SaturationRule} assumed more
 */
public record GroupMetrics(
    Instant time,
    int freshWorkers,
    int staleWorkers,
    int readyWorkers,
    double arrivalRate,
    double processingRate,
    double capacityPerWorker,
    long backlog,
    double busyRatio,
    double cpuUtilization,
    boolean saturated,
    double measuredArrivalRate) {

  /** The same figures planning for {@code assumed} msg/s of arrivals. */
  public GroupMetrics withAssumedArrival(double assumed) {
    return new GroupMetrics(time, freshWorkers, staleWorkers, readyWorkers, assumed, processingRate,
        capacityPerWorker, backlog, busyRatio, cpuUtilization, saturated, measuredArrivalRate);
  }

  public boolean capacityKnown() {
    return !Double.isNaN(capacityPerWorker) && capacityPerWorker > 0;
  }
}
