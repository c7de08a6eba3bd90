package io.routemq.operator.autoscaling.sim;

import io.routemq.operator.autoscaling.ScalingDecision;
import io.routemq.operator.autoscaling.ScalingDecision.Direction;
import java.util.List;
import java.util.Locale;

/** What a scenario produced: every decision and the backlog over time, and the figures the targets are about. */
public record ScenarioResult(Scenario scenario, List<Step> steps, List<double[]> backlog,
    List<ScalingDecision> history) {

  /** A decision at second t. */
  public record Step(long t, ScalingDecision decision) {}

  /** Seconds from the load change to the first applied scale-up, or NaN. */
  public double decisionSeconds() {
    for (Step s : steps) {
      if (s.t() >= scenario.loadChangeAt() && s.decision().apply() && s.decision().direction() == Direction.UP) {
        return s.t() - scenario.loadChangeAt();
      }
    }
    return Double.NaN;
  }

  /** The first applied scale-up after the load change, or null. */
  public ScalingDecision firstScaleUp() {
    for (Step s : steps) {
      if (s.t() >= scenario.loadChangeAt() && s.decision().apply() && s.decision().direction() == Direction.UP) {
        return s.decision();
      }
    }
    return null;
  }

  /** Applied scale-ups from the load change until the target count is reached, or -1 if never. */
  public int stepsToTarget() {
    int n = 0;
    for (Step s : steps) {
      if (s.t() >= scenario.loadChangeAt() && s.decision().apply() && s.decision().direction() == Direction.UP) {
        n++;
        if (s.decision().desiredReplicas() >= scenario.targetReplicas()) {
          return n;
        }
      }
    }
    return -1;
  }

  /** Changes of direction between consecutive applied changes, per hour of the run. */
  public double reversalsPerHour() {
    int reversals = 0;
    Direction last = null;
    for (Step s : steps) {
      if (!s.decision().apply()) {
        continue;
      }
      Direction d = s.decision().direction();
      if (last != null && d != last) {
        reversals++;
      }
      last = d;
    }
    return reversals / (scenario.durationSeconds() / 3600);
  }

  /** Turning points of the noiseless load (minute resolution), per hour: the reversals the load itself asks for. */
  public double loadReversalsPerHour() {
    int turns = 0;
    int lastSign = 0;
    double prev = scenario.load().applyAsDouble(0);
    for (double t = 60; t < scenario.durationSeconds(); t += 60) {
      double v = scenario.load().applyAsDouble(t);
      int sign = Double.compare(v, prev);
      if (sign != 0) {
        if (lastSign != 0 && sign != lastSign) {
          turns++;
        }
        lastSign = sign;
      }
      prev = v;
    }
    return turns / (scenario.durationSeconds() / 3600);
  }

  /** Applied scale-downs while metrics were unavailable or during the outage. */
  public int scaleDownsOnStale() {
    int n = 0;
    for (Step s : steps) {
      boolean inOutage = s.t() >= scenario.outageFrom() && s.t() < scenario.outageTo();
      if (s.decision().apply() && s.decision().direction() == Direction.DOWN
          && (inOutage || !s.decision().metricsAvailable())) {
        n++;
      }
    }
    return n;
  }

  /** Seconds from the outage start to the first decision with MetricsAvailable=False, or NaN. */
  public double conditionSeconds() {
    for (Step s : steps) {
      if (s.t() >= scenario.outageFrom() && !s.decision().metricsAvailable()) {
        return s.t() - scenario.outageFrom();
      }
    }
    return Double.NaN;
  }

  /** Applied changes in [from, to). */
  public List<Step> appliedBetween(double from, double to) {
    return steps.stream().filter(s -> s.t() >= from && s.t() < to && s.decision().apply()).toList();
  }

  /** Largest backlog (broker + in flight) after the load change (or over the run). */
  public long maxBacklog() {
    double start = Double.isNaN(scenario.loadChangeAt()) ? 0 : scenario.loadChangeAt();
    double max = 0;
    for (double[] b : backlog) {
      if (b[0] >= start) {
        max = Math.max(max, b[1]);
      }
    }
    return Math.round(max);
  }

  /**
   * Seconds from the load change until the broker queue is back under one second of arrivals after its peak, or
   * NaN (never caught up, or no load change).
   */
  public double catchUpSeconds() {
    if (Double.isNaN(scenario.loadChangeAt())) {
      return Double.NaN;
    }
    boolean behind = false;
    for (double[] b : backlog) {
      if (b[0] < scenario.loadChangeAt()) {
        continue;
      }
      if (b[2] > b[3]) {
        behind = true;
      } else if (behind) {
        return b[0] - scenario.loadChangeAt();
      }
    }
    return behind ? Double.NaN : 0;
  }

  public int finalReplicas() {
    return steps.isEmpty() ? scenario.initialReplicas() : steps.get(steps.size() - 1).decision().desiredReplicas();
  }

  /** The benchmark line. */
  public String benchLine() {
    ScalingDecision first = firstScaleUp();
    return String.format(Locale.ROOT,
        "BENCH autoscaler scenario=%s decision_s=%s first_step=%s steps_to_target=%d reversals_per_hour=%.2f"
            + " load_reversals_per_hour=%.2f"
            + " scale_downs_on_stale=%d condition_s=%s max_backlog=%d catch_up_s=%s final_replicas=%d decisions=%d"
            + " history_entries=%d",
        scenario.name(), fmt(decisionSeconds()),
        first == null ? "none" : first.currentReplicas() + "->" + first.desiredReplicas(),
        scenario.targetReplicas() > 0 ? stepsToTarget() : 0, reversalsPerHour(), loadReversalsPerHour(),
        scaleDownsOnStale(),
        fmt(conditionSeconds()), maxBacklog(), fmt(catchUpSeconds()), finalReplicas(), steps.size(),
        history.size());
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "na" : String.format(Locale.ROOT, "%.0f", v);
  }
}
