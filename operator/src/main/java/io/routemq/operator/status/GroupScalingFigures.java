package io.routemq.operator.status;

/**
 * A group's latest autoscaling figures, as shown in its status entry and the cluster's conditions.
 *
 * @param recommendedReplicas what the sizer asks for within min/max, before stabilization and step limits
 * @param arrivalRate messages per second arriving
 * @param processingRate messages per second processed
 * @param capacityPerWorker messages per second one busy worker processes, null until measured
 * @param queueDepth messages waiting
 * @param cpuUtilization percent of the CPU request, null when no request is known
 * @param metricsTime when the figures were read (RFC 3339)
 * @param metricsAvailable false when no fresh worker metrics were read: scale-downs are held
 * @param limited min/max or a step limit cut the last change
 * @param ineffective added workers did not raise throughput
 * @param message the decision's sentence, for the conditions
 */
public record GroupScalingFigures(
    int recommendedReplicas,
    double arrivalRate,
    double processingRate,
    Double capacityPerWorker,
    long queueDepth,
    Integer cpuUtilization,
    String metricsTime,
    boolean metricsAvailable,
    boolean limited,
    boolean ineffective,
    String message) {}
