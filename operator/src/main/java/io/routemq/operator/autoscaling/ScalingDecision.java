package io.routemq.operator.autoscaling;

import java.time.Instant;
import java.util.Locale;

/**
 * The engine's answer for one group at one time.
 *
 * @param group the group
 * @param time when decided
 * @param currentReplicas workers before
 * @param recommendedReplicas workers the sizer asks for within min/max, before stabilization and step limits
 * @param desiredReplicas workers the engine sets (or would set, when not applied)
 * @param apply whether the caller should change the worker count to {@code desiredReplicas}
 * @param direction up, down, none, or blocked (a change was wanted and a guard stopped it)
 * @param reason machine-readable cause
 * @param message a sentence with the deciding figures
 * @param metrics the evaluated inputs
 * @param sizing what each target asked for
 * @param metricsAvailable condition MetricsAvailable
 * @param scalingLimited condition ScalingLimited (min/max or a step limit cut the change)
 * @param scalingIneffective condition ScalingIneffective
 * @param recordInHistory whether this decision belongs in status.scalingHistory and an Event (changes, and
 *     blocked or not-applied changes when they first appear)
 * @param prediction what the predictive rule expected, when it asked for more workers than the reactive rule;
 *     null otherwise
 */
public record ScalingDecision(
    GroupKey group,
    Instant time,
    int currentReplicas,
    int recommendedReplicas,
    int desiredReplicas,
    boolean apply,
    Direction direction,
    ScalingReason reason,
    String message,
    GroupMetrics metrics,
    Sizing sizing,
    boolean metricsAvailable,
    boolean scalingLimited,
    boolean scalingIneffective,
    boolean recordInHistory,
    Prediction prediction) {

  /** A decision without a prediction. */
  public ScalingDecision(GroupKey group, Instant time, int currentReplicas, int recommendedReplicas,
      int desiredReplicas, boolean apply, Direction direction, ScalingReason reason, String message,
      GroupMetrics metrics, Sizing sizing, boolean metricsAvailable, boolean scalingLimited,
      boolean scalingIneffective, boolean recordInHistory) {
    this(group, time, currentReplicas, recommendedReplicas, desiredReplicas, apply, direction, reason, message,
        metrics, sizing, metricsAvailable, scalingLimited, scalingIneffective, recordInHistory, null);
  }

  /** This decision with the prediction that set it, and the prediction's clause added to the message. */
  public ScalingDecision withPrediction(Prediction p) {
    return new ScalingDecision(group, time, currentReplicas, recommendedReplicas, desiredReplicas, apply, direction,
        reason, message + "; " + p.describe(), metrics, sizing, metricsAvailable, scalingLimited,
        scalingIneffective, recordInHistory, p);
  }

  /** Direction of a decision. */
  public enum Direction { UP, DOWN, NONE, BLOCKED }

  /** One line with the decision and its inputs, for the caller to log at INFO. */
  public String logLine() {
    return String.format(Locale.ROOT,
        "autoscaler group=%s current=%d recommended=%d desired=%d apply=%s direction=%s reason=%s"
            + " arrival=%.1f processing=%.1f capacity=%.1f backlog=%d busy=%.2f cpu=%.1f workers=%d stale=%d"
            + " byCapacity=%d byCpu=%d byRate=%d byQueue=%d metricsAvailable=%s limited=%s ineffective=%s msg=\"%s\"",
        group, currentReplicas, recommendedReplicas, desiredReplicas, apply, direction, reason,
        metrics.arrivalRate(), metrics.processingRate(), metrics.capacityPerWorker(), metrics.backlog(),
        metrics.busyRatio(), metrics.cpuUtilization(), metrics.freshWorkers(), metrics.staleWorkers(),
        sizing.byCapacity(), sizing.byCpu(), sizing.byMessageRate(), sizing.byQueueDepth(), metricsAvailable,
        scalingLimited, scalingIneffective, message);
  }
}
