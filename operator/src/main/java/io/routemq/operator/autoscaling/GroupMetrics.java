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
 * @param arrivalRate messages per second arriving (from the backlog source, else what the workers received), as
 *     planned for: the recent mean ({@link RateSmoother}), or what the {@link SaturationRule} assumed
 * @param processingRate messages per second processed by the fresh workers
 * @param capacityPerWorker messages per second one fully busy worker processes (Flink's "true processing rate"),
 *     NaN when never measured
 * @param backlog messages waiting
 * @param busyRatio mean busy ratio of the fresh workers
 * @param cpuUtilization mean CPU utilization in percent of the CPU request, NaN when no request is known
 * @param saturated every fresh worker is busy and holds messages waiting for a thread: what waits in the broker is more
 *     than the workers take, so what they received is only a lower bound of the arrival rate
 * @param measuredArrivalRate the arrival rate as measured at this decision
 * @param demandMeasured whether the measured arrival rate is demand: counted by the backlog source, or received by
 *     workers that were not saturated. Saturated workers receive what they process, which is more than demand while
 *     they drain a backlog and less while they fall behind.
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
    double measuredArrivalRate,
    boolean demandMeasured) {

  /** The same figures planning for {@code assumed} msg/s of arrivals. */
  public GroupMetrics withAssumedArrival(double assumed) {
    return new GroupMetrics(time, freshWorkers, staleWorkers, readyWorkers, assumed, processingRate,
        capacityPerWorker, backlog, busyRatio, cpuUtilization, saturated, measuredArrivalRate, demandMeasured);
  }

  /** The same figures planning for the recent mean of the measured arrival rate ({@link RateSmoother}). */
  public GroupMetrics withSmoothedArrival(double mean) {
    return new GroupMetrics(time, freshWorkers, staleWorkers, readyWorkers, mean, processingRate, capacityPerWorker,
        backlog, busyRatio, cpuUtilization, saturated, measuredArrivalRate, demandMeasured);
  }

  /** The same figures, their arrival rate not a measure of demand (see {@link SaturationRule}). */
  public GroupMetrics withDemandUnmeasured() {
    return new GroupMetrics(time, freshWorkers, staleWorkers, readyWorkers, arrivalRate, processingRate,
        capacityPerWorker, backlog, busyRatio, cpuUtilization, saturated, measuredArrivalRate, false);
  }

  public boolean capacityKnown() {
    return !Double.isNaN(capacityPerWorker) && capacityPerWorker > 0;
  }
}
