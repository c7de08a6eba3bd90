package io.routemq.operator.autoscaling.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The part of the Kubernetes HPA v2 controller that every metric shares: the 15 s sync, the 10 % tolerance, and the
 * default {@code behavior} (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go,
 * {@code normalizeDesiredReplicasWithBehaviors}; defaults from pkg/apis/autoscaling/v2 defaults.go and the HPA
 * docs' "Default Behavior"). Scale-up: no stabilization, at most max(+100 %, +4 pods) per 15 s period, counted from
 * the replicas at the start of the period. Scale-down: the highest recommendation of the last 300 s, at most −100 %
 * per 15 s. Then min/max. An HPA without {@code behavior} uses the older {@code max(2 × current, 4)} limit instead,
 * which is never faster; the behaviour defaults are the generous reading.
 */
final class HpaController {
  /** --horizontal-pod-autoscaler-sync-period. */
  static final long SYNC_SECONDS = 15;
  /** --horizontal-pod-autoscaler-tolerance. */
  static final double TOLERANCE = 0.1;
  static final long SCALE_DOWN_WINDOW = 300;
  static final long POLICY_PERIOD = 15;
  static final int SCALE_UP_PODS = 4;
  static final int SCALE_UP_PERCENT = 100;
  static final int SCALE_DOWN_PERCENT = 100;

  private final int minReplicas;
  private final int maxReplicas;
  /** (time, recommendation before normalization), oldest first: the stabilization window's memory. */
  private final Deque<long[]> recommendations = new ArrayDeque<>();
  /** (time, replicas added (+) or removed (−)): what the rate policies count within their period. */
  private final Deque<long[]> scaleEvents = new ArrayDeque<>();

  HpaController(int minReplicas, int maxReplicas) {
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
  }

  /**
   * Turns the metric's proposal into the count the HPA writes to the scale subresource.
   *
   * @param metricDesired the replica calculator's answer, or -1 when the metric could not be computed (the HPA
   *     then leaves the count alone)
   */
  int normalize(long t, int current, int metricDesired) {
    if (metricDesired < 0) {
      return current;
    }
    // stabilizeRecommendationWithBehaviors: up takes the lowest of its (zero-length) window, down the highest.
    int up = metricDesired;
    int down = metricDesired;
    for (long[] r : recommendations) {
      if (r[0] > t - SCALE_DOWN_WINDOW) {
        down = (int) Math.max(down, r[1]);
      }
    }
    recommendations.addLast(new long[] {t, metricDesired});
    while (!recommendations.isEmpty() && recommendations.peekFirst()[0] <= t - SCALE_DOWN_WINDOW) {
      recommendations.removeFirst();
    }
    int stabilized = current;
    if (stabilized < up) {
      stabilized = up;
    }
    if (stabilized > down) {
      stabilized = down;
    }
    // convertDesiredReplicasWithBehaviorRate.
    int added = 0;
    int removed = 0;
    for (long[] e : scaleEvents) {
      if (e[0] > t - POLICY_PERIOD) {
        if (e[1] > 0) {
          added += e[1];
        } else {
          removed -= e[1];
        }
      }
    }
    int desired = stabilized;
    if (desired > current) {
      int periodStart = current - added + removed;
      int limit = Math.max(periodStart + SCALE_UP_PODS,
          (int) Math.ceil(periodStart * (1 + SCALE_UP_PERCENT / 100.0)));
      limit = Math.max(limit, current);
      desired = Math.min(Math.min(desired, limit), maxReplicas);
    } else if (desired < current) {
      int periodStart = current + removed - added;
      int limit = (int) (periodStart * (1 - SCALE_DOWN_PERCENT / 100.0));
      limit = Math.min(limit, current);
      desired = Math.max(Math.max(desired, limit), minReplicas);
    }
    desired = Math.max(minReplicas, Math.min(maxReplicas, desired));
    if (desired != current) {
      scaleEvents.addLast(new long[] {t, desired - current});
    }
    while (!scaleEvents.isEmpty() && scaleEvents.peekFirst()[0] <= t - POLICY_PERIOD) {
      scaleEvents.removeFirst();
    }
    return desired;
  }
}
