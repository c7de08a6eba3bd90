package io.routemq.operator.autoscaling;

import io.routemq.operator.autoscaling.ScalingDecision.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns a sizing into a decision: tolerance band, min/max, stabilization windows and step limits (HPA v2
 * {@code behavior}), the stale-metrics hold, the ineffective-scaling guard, and pause / recommend-only.
 */
public final class ScalingExecutor {
  /** A scale-up counts as ineffective when throughput rose by less than this share of what the workers added. */
  static final double INEFFECTIVE_GAIN = 0.1;
  /** How long a worker may take to start: its startup probe's budget (60 checks 2 s apart, WorkerDeployments). */
  public static final Duration WORKER_START_LIMIT = Duration.ofSeconds(120);

  /** The decision and the state to store. */
  public record Result(ScalingDecision decision, GroupState state) {}

  public Result decide(GroupKey key, ScalingPolicy p, int current, GroupMetrics m, Sizing s, GroupState st,
      Instant now) {
    if (m.capacityKnown()) {
      st = st.withCapacity(m.capacityPerWorker());
    }
    Duration keep = max(p.scaleUp().stabilization(), p.scaleDown().stabilization());
    boolean noneReporting = current > 0 && m.freshWorkers() == 0;
    boolean someStale = m.staleWorkers() > 0;
    boolean metricsAvailable = !noneReporting && !someStale;

    if (noneReporting) {
      // Hold, and let the hold count as a recommendation of the current size, so that once metrics return a
      // scale-down still waits a full stabilization window on fresh data.
      st = st.withRecommendation(new GroupState.Recommendation(now, current), keep);
      int bounded = clamp(current, p.minReplicas(), p.maxReplicas());
      if (bounded != current) {
        // min/max come from the spec, not from metrics: a changed bound applies even without metrics.
        ScalingReason r = bounded > current ? ScalingReason.BelowMinimum : ScalingReason.AboveMaximum;
        String msg = String.format(Locale.ROOT, "%d -> %d workers to stay within min %d, max %d (no fresh metrics)",
            current, bounded, p.minReplicas(), p.maxReplicas());
        return finish(key, p, current, bounded, bounded, bounded > current ? Direction.UP : Direction.DOWN, r, msg,
            m, s, false, true, st, now);
      }
      String msg = String.format(Locale.ROOT,
          "no worker metrics newer than %ds (%d stale, %d fresh): holding %d workers",
          p.staleAfter().toSeconds(), m.staleWorkers(), m.freshWorkers(), current);
      return finish(key, p, current, current, current, Direction.BLOCKED, ScalingReason.MetricsStale, msg, m, s,
          false, false, st, now);
    }

    st = judgePendingScaleUp(p, m, st, now);

    int raw;
    boolean capacityUnknown = !m.capacityKnown() && (m.arrivalRate() > 0 || m.backlog() > 0) && s.needed() == 0;
    if (current == 0 && (m.arrivalRate() > 0 || m.backlog() > 0)) {
      // Scale from zero: no worker can measure capacity, but one is needed to find out.
      raw = Math.max(1, s.needed());
    } else if (capacityUnknown || (current > 0 && Math.abs(s.exact() / current - 1) <= p.tolerance())) {
      raw = current;
    } else {
      raw = s.needed();
    }
    int recommended = clamp(raw, p.minReplicas(), p.maxReplicas());
    boolean limited = raw > p.maxReplicas();
    // Workers added to drain a backlog, or for an arrival rate assumed while saturated, are needed until the backlog
    // is gone or the rate measured; the scale-down window guards against demand coming back, so it remembers demand.
    int demand = recommended;
    if (!capacityUnknown && current > 0) {
      // Within tolerance of the current count, demand asks for that count, as a recommendation does.
      int demandWorkers = Math.abs(s.demand() / current - 1) <= p.tolerance() ? current
          : Sizing.wholeWorkers(s.demand());
      demand = Math.min(recommended, clamp(demandWorkers, p.minReplicas(), p.maxReplicas()));
    }
    st = st.withRecommendation(new GroupState.Recommendation(now, recommended, demand), keep);

    // Workers added beyond demand are kept for the backlog's drain time after the last decision that asked for
    // them (a second wave then still finds them), not for the whole window.
    Duration settle = min(p.backlogDrain(), p.scaleDown().stabilization());
    int upRec = Integer.MAX_VALUE;
    int downRec = recommended;
    for (GroupState.Recommendation r : st.recommendations()) {
      if (!r.time().isBefore(now.minus(p.scaleUp().stabilization()))) {
        upRec = Math.min(upRec, r.replicas());
      }
      if (!r.time().isBefore(now.minus(p.scaleDown().stabilization()))) {
        downRec = Math.max(downRec, r.demand());
      }
      if (!r.time().isBefore(now.minus(settle))) {
        downRec = Math.max(downRec, r.replicas());
      }
    }
    int desired = current;
    if (upRec > current) {
      desired = upRec;
    } else if (downRec < current) {
      desired = downRec;
    }
    if (desired > current) {
      long ceiling = (long) current + p.scaleUp().maxChange(current);
      if (desired > ceiling) {
        desired = (int) ceiling;
        limited = true;
      }
    } else if (desired < current) {
      long floor = (long) current - p.scaleDown().maxChange(current);
      if (desired < floor) {
        desired = (int) floor;
        limited = true;
      }
    }
    // Bounds from the spec win over windows and steps (a lowered max applies at once).
    desired = clamp(desired, p.minReplicas(), p.maxReplicas());

    if (st.ineffective() && recommended <= current) {
      st = st.withCheck(st.pendingCheck(), false);
    }
    ScalingReason reason = reasonFor(p, current, raw, recommended, desired, s);
    Direction direction = desired > current ? Direction.UP : desired < current ? Direction.DOWN : Direction.NONE;
    String msg = message(p, current, recommended, desired, m, s, reason);

    boolean boundForced = current > p.maxReplicas() || current < p.minReplicas();
    // A ready worker without a fresh sample receives messages nobody counted; a worker that is not ready receives
    // none (and the ReplicaSet removes it first), so it cannot make the figures look lower than they are.
    if (direction == Direction.DOWN && !boundForced && (someStale || m.freshWorkers() < m.readyWorkers())) {
      reason = someStale ? ScalingReason.MetricsStale : ScalingReason.WaitingForMetrics;
      msg = String.format(Locale.ROOT, "would scale down %d -> %d, but only %d of %d ready workers report fresh"
          + " metrics (%d stale): holding", current, desired, m.freshWorkers(), m.readyWorkers(), m.staleWorkers());
      desired = current;
      direction = Direction.BLOCKED;
    } else if (direction != Direction.NONE && st.pendingCheck() != null && !boundForced) {
      // Until the workers of the last scale-up report, the fleet is in transition. More workers now would count
      // them twice: once as added, once more through the backlog that grew while they started. Fewer would trust
      // the few that run, which the starting ones starve of CPU (seen: 1 of 4 workers read 75 of 400 msg/s and the
      // group went 4 -> 2 -> 4). Judge the scale-up first (bounded in judgePendingScaleUp).
      reason = ScalingReason.ScaleUpInProgress;
      msg = String.format(Locale.ROOT, "would scale %s %d -> %d, but the scale-up %d -> %d at %s is not settled"
          + " (%d workers report): waiting", direction == Direction.UP ? "up" : "down", current, desired,
          st.pendingCheck().from(), st.pendingCheck().to(), st.pendingCheck().time(), m.freshWorkers());
      desired = current;
      direction = Direction.NONE;
    } else if (direction == Direction.UP && st.ineffective() && !boundForced) {
      reason = ScalingReason.IneffectiveScaling;
      msg = String.format(Locale.ROOT, "would scale up %d -> %d, but the last scale-up did not raise throughput"
          + " (processing %.1f msg/s, backlog %d): not adding workers until demand falls", current, desired,
          m.processingRate(), m.backlog());
      desired = current;
      direction = Direction.BLOCKED;
    }
    return finish(key, p, current, recommended, desired, direction, reason, msg, m, s, metricsAvailable, limited,
        st, now);
  }

  private Result finish(GroupKey key, ScalingPolicy p, int current, int recommended, int desired, Direction dir,
      ScalingReason reason, String msg, GroupMetrics m, Sizing s, boolean metricsAvailable, boolean limited,
      GroupState st, Instant now) {
    boolean change = desired != current;
    boolean apply = change;
    if (change && (p.paused() || p.recommendOnly())) {
      apply = false;
      msg = (p.paused() ? "paused, not applied: " : "recommend-only, not applied: ") + msg;
      reason = p.paused() ? ScalingReason.Paused : ScalingReason.RecommendOnly;
    }
    if (apply && desired > current) {
      st = st.withScale(now, new GroupState.ScaleUpCheck(now, current, desired, m.processingRate()));
    } else if (apply) {
      st = st.withScale(now, null).withCheck(null, false);
    }
    boolean record;
    if (apply) {
      record = true;
      st = st.withLastRecorded(null);
    } else if (change || dir == Direction.BLOCKED) {
      String recordKey = dir + ":" + reason + ":" + desired;
      record = !recordKey.equals(st.lastRecorded());
      st = st.withLastRecorded(recordKey);
    } else {
      record = false;
      st = st.withLastRecorded(null);
    }
    st = st.withMetricsAvailable(metricsAvailable);
    ScalingDecision d = new ScalingDecision(key, now, current, recommended, desired, apply, dir, reason, msg, m, s,
        metricsAvailable, limited, st.ineffective(), record);
    return new Result(d, st);
  }

  /** Flink's check: after a scale-up, did throughput rise by at least a tenth of what the new workers add? */
  private GroupState judgePendingScaleUp(ScalingPolicy p, GroupMetrics m, GroupState st, Instant now) {
    GroupState.ScaleUpCheck c = st.pendingCheck();
    if (c == null) {
      return st;
    }
    Instant settled = c.time().plus(p.interval().multipliedBy(2));
    if (now.isBefore(settled) || m.freshWorkers() < c.to()) {
      // Workers that never all come up are a different problem (the Deployment's); give up after a while — not
      // before a worker may still be starting: 20 intervals were 40 s at a 2 s interval, and three JVMs starting
      // at once on a loaded node took longer, so the check lapsed and a scale-down read the half-started fleet.
      Duration limit = max(p.interval().multipliedBy(20), WORKER_START_LIMIT);
      return now.isAfter(c.time().plus(limit)) ? st.withCheck(null, st.ineffective()) : st;
    }
    boolean measurable = c.from() > 0 && c.processingRateBefore() > 0 && m.backlog() > 0;
    if (!measurable) {
      return st.withCheck(null, st.ineffective());
    }
    double expectedGain = c.processingRateBefore() * ((double) c.to() / c.from() - 1);
    double gain = m.processingRate() - c.processingRateBefore();
    return st.withCheck(null, gain < INEFFECTIVE_GAIN * expectedGain);
  }

  private static ScalingReason reasonFor(ScalingPolicy p, int current, int raw, int recommended, int desired,
      Sizing s) {
    if (desired > current) {
      if (raw < p.minReplicas() || current < p.minReplicas() && desired == p.minReplicas()) {
        return ScalingReason.BelowMinimum;
      }
      return switch (s.winner()) {
        case CAPACITY -> s.backlogDominates() ? ScalingReason.BacklogGrowing : ScalingReason.ArrivalRateRose;
        case CPU -> ScalingReason.CpuAboveTarget;
        case MESSAGE_RATE -> ScalingReason.MessageRateAboveTarget;
        case QUEUE_DEPTH -> ScalingReason.QueueDepthAboveTarget;
        case NONE -> current == 0 ? ScalingReason.ArrivalRateRose : ScalingReason.BelowMinimum;
        case PREDICTED -> ScalingReason.PredictedRise;
      };
    }
    if (desired < current) {
      return current > p.maxReplicas() && desired == p.maxReplicas()
          ? ScalingReason.AboveMaximum : ScalingReason.DemandFell;
    }
    if (recommended > current) {
      return ScalingReason.StabilizingScaleUp;
    }
    if (recommended < current) {
      return ScalingReason.StabilizingScaleDown;
    }
    return ScalingReason.WithinTolerance;
  }

  /** CPU is a share of the workers' CPU request: without a request (or a sample) there is no figure to print. */
  private static String cpu(GroupMetrics m) {
    return Double.isNaN(m.cpuUtilization()) ? "cpu n/a"
        : String.format(Locale.ROOT, "cpu %.0f%%", m.cpuUtilization());
  }

  /** Only the targets that asked for workers: one that is not set, or had no figure, asks for none. */
  private static String needed(Sizing s) {
    StringBuilder out = new StringBuilder();
    append(out, "capacity", s.byCapacity());
    append(out, "cpu", s.byCpu());
    append(out, "message rate", s.byMessageRate());
    append(out, "queue depth", s.byQueueDepth());
    return out.length() == 0 ? "no target asked for workers" : "workers needed by " + out;
  }

  private static void append(StringBuilder out, String target, int workers) {
    if (workers > 0) {
      out.append(out.length() == 0 ? "" : ", ").append(target).append(' ').append(workers);
    }
  }

  private static String message(ScalingPolicy p, int current, int recommended, int desired, GroupMetrics m,
      Sizing s, ScalingReason reason) {
    String arrival;
    boolean differs = Math.abs(m.arrivalRate() - m.measuredArrivalRate()) >= 0.05;
    if (differs && !m.demandMeasured()) {
      arrival = String.format(Locale.ROOT, "arrival %.1f msg/s assumed (every worker saturated, %.1f msg/s measured)",
          m.arrivalRate(), m.measuredArrivalRate());
    } else if (differs) {
      arrival = String.format(Locale.ROOT, "arrival %.1f msg/s (mean of %ds, %.1f msg/s now)", m.arrivalRate(),
          RateSmoother.window(p).toSeconds(), m.measuredArrivalRate());
    } else {
      arrival = String.format(Locale.ROOT, "arrival %.1f msg/s", m.arrivalRate());
    }
    String figures = String.format(Locale.ROOT,
        "%s, processing %.1f msg/s, capacity %.1f msg/s per worker, backlog %d, %s; %s",
        arrival, m.processingRate(), m.capacityPerWorker(), m.backlog(), cpu(m), needed(s));
    String head = switch (reason) {
      case StabilizingScaleDown -> String.format(Locale.ROOT,
          "%d workers suffice, keeping %d within the %ds scale-down window", recommended, desired,
          p.scaleDown().stabilization().toSeconds());
      case StabilizingScaleUp -> String.format(Locale.ROOT,
          "%d workers needed, keeping %d within the %ds scale-up window", recommended, desired,
          p.scaleUp().stabilization().toSeconds());
      case WithinTolerance -> String.format(Locale.ROOT, "%d workers within %.0f%% of need", current,
          p.tolerance() * 100);
      default -> String.format(Locale.ROOT, "%d -> %d workers (recommended %d, min %d, max %d)", current, desired,
          recommended, p.minReplicas(), p.maxReplicas());
    };
    return head + ": " + figures;
  }

  private static int clamp(int v, int min, int max) {
    return Math.max(min, Math.min(max, v));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
