package io.routemq.operator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine remembers about a group between decisions: the recent recommendations (for the stabilization
 * windows), the last scale time, the pending check of the last scale-up, and the last measured capacity.
 *
 * @param recommendations recent recommendations, oldest first
 * @param lastScaleTime when the worker count was last changed by the engine, or null
 * @param pendingCheck the last scale-up still to be judged by the ineffective-scaling guard, or null
 * @param ineffective the guard found that added workers did not raise throughput
 * @param lastCapacityPerWorker last measured per-worker capacity, NaN when never measured
 * @param metricsAvailable whether metrics were available at the last decision (history records transitions)
 * @param lastRecorded the last (direction, target, reason) written to history, to avoid repeating it every interval
 * @param saturation the current stretch of saturated decisions ({@link SaturationRule}), or null
 * @param recentRates the measured arrival rates of the last few decisions, oldest first ({@link RateSmoother})
 */
public record GroupState(
    List<Recommendation> recommendations,
    Instant lastScaleTime,
    ScaleUpCheck pendingCheck,
    boolean ineffective,
    double lastCapacityPerWorker,
    boolean metricsAvailable,
    String lastRecorded,
    Saturation saturation,
    List<RateSample> recentRates) {

  /**
   * A stretch of decisions at which every worker was saturated.
   *
   * @param since the first decision of the stretch
   * @param raisedAt when the assumed arrival rate was last raised, or null
   * @param assumedArrival the arrival rate assumed then (msg/s)
   */
  public record Saturation(Instant since, Instant raisedAt, double assumedArrival) {}

  /** The arrival rate measured at one decision (msg/s). */
  public record RateSample(Instant time, double rate) {}

  /**
   * One recommendation at one time.
   *
   * @param replicas the workers recommended (the scale-up window's figure)
   * @param demand the part of it the measured demand asks for, without a backlog to drain or an assumed arrival
   *     rate ({@link Sizing#demand()}): the scale-down window's figure
   */
  public record Recommendation(Instant time, int replicas, int demand) {
    /** A recommendation that is demand throughout (a hold, or a count restored from status). */
    public Recommendation(Instant time, int replicas) {
      this(time, replicas, replicas);
    }
  }

  /** A scale-up to be judged: throughput before, and the counts. */
  public record ScaleUpCheck(Instant time, int from, int to, double processingRateBefore) {}

  public static GroupState empty() {
    return new GroupState(List.of(), null, null, false, Double.NaN, true, null, null, List.of());
  }

  /**
   * State after an operator restart, seeded from status: the current count stands as the recommendation at
   * {@code now}, so a scale-down waits a full stabilization window and the restart itself changes nothing.
   */
  public static GroupState restored(Instant lastScaleTime, int replicas, Instant now) {
    return new GroupState(List.of(new Recommendation(now, replicas)), lastScaleTime, null, false, Double.NaN, true,
        null, null, List.of());
  }

  GroupState withRecommendation(Recommendation r, Duration keep) {
    List<Recommendation> list = new ArrayList<>();
    Instant cutoff = r.time().minus(keep);
    for (Recommendation old : recommendations) {
      if (!old.time().isBefore(cutoff)) {
        list.add(old);
      }
    }
    list.add(r);
    return new GroupState(List.copyOf(list), lastScaleTime, pendingCheck, ineffective, lastCapacityPerWorker,
        metricsAvailable, lastRecorded, saturation, recentRates);
  }

  GroupState withScale(Instant time, ScaleUpCheck check) {
    return new GroupState(recommendations, time, check, ineffective, lastCapacityPerWorker, metricsAvailable,
        lastRecorded, saturation, recentRates);
  }

  GroupState withCheck(ScaleUpCheck check, boolean ineffective) {
    return new GroupState(recommendations, lastScaleTime, check, ineffective, lastCapacityPerWorker,
        metricsAvailable, lastRecorded, saturation, recentRates);
  }

  GroupState withCapacity(double capacity) {
    return new GroupState(recommendations, lastScaleTime, pendingCheck, ineffective, capacity, metricsAvailable,
        lastRecorded, saturation, recentRates);
  }

  GroupState withMetricsAvailable(boolean available) {
    return new GroupState(recommendations, lastScaleTime, pendingCheck, ineffective, lastCapacityPerWorker,
        available, lastRecorded, saturation, recentRates);
  }

  GroupState withLastRecorded(String key) {
    return new GroupState(recommendations, lastScaleTime, pendingCheck, ineffective, lastCapacityPerWorker,
        metricsAvailable, key, saturation, recentRates);
  }

  GroupState withSaturation(Saturation s) {
    return new GroupState(recommendations, lastScaleTime, pendingCheck, ineffective, lastCapacityPerWorker,
        metricsAvailable, lastRecorded, s, recentRates);
  }

  GroupState withRecentRates(List<RateSample> rates) {
    return new GroupState(recommendations, lastScaleTime, pendingCheck, ineffective, lastCapacityPerWorker,
        metricsAvailable, lastRecorded, saturation, List.copyOf(rates));
  }
}
