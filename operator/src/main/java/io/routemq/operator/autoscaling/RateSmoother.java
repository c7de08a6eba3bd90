package io.routemq.operator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Noise is not load. A rate measured over one interval (5 s by default) swings with the traffic's own noise, and
 * sizing on every swing adds workers for a peak the planned headroom already absorbs, which the scale-down window then
 * keeps for five minutes. So the rate sized on is the mean of the decisions' rates over a stable window (60 s, as
 * Knative's autoscaler; the HPA reads CPU over 15 s windows for the same reason), unless the latest rate is more than
 * the fleet can process even fully busy: a rise past the headroom builds a backlog, and waiting for the mean would
 * only let it grow (Knative's panic mode). Rates that do not measure demand (a saturated fleet's, see
 * {@link SaturationRule}) are left as they are and start the mean afresh.
 *
 * <p>The window is never longer than the scale-down window, so that a user who asks for a quick scale-down gets it.
 * Measured on the simulator (issue 15's traces, ±20 % noise per 5 s), against sizing on each interval's rate:
 * worker-seconds −11 % on the sine trace and on the daily week, catch-up unchanged (autoscaling.md).
 */
public final class RateSmoother {
  static final Duration STABLE_WINDOW = Duration.ofSeconds(60);

  /** The metrics to size on and the state to keep. */
  public record Result(GroupMetrics metrics, GroupState state) {}

  public Result apply(ScalingPolicy p, GroupMetrics m, GroupState st, Instant now) {
    if (m.freshWorkers() == 0) {
      return new Result(m, st);
    }
    if (!m.demandMeasured()) {
      // Saturated workers' rates are their throughput, drain included: no part of a mean of demand.
      return new Result(m, st.recentRates().isEmpty() ? st : st.withRecentRates(List.of()));
    }
    Instant since = now.minus(window(p));
    List<GroupState.RateSample> recent = new ArrayList<>();
    double sum = m.measuredArrivalRate();
    for (GroupState.RateSample r : st.recentRates()) {
      if (r.time().isAfter(since) && r.time().isBefore(now)) {
        recent.add(r);
        sum += r.rate();
      }
    }
    recent.add(new GroupState.RateSample(now, m.measuredArrivalRate()));
    GroupState kept = st.withRecentRates(recent);
    double fleetCapacity = m.capacityPerWorker() * m.freshWorkers();
    boolean surge = !m.capacityKnown() || m.measuredArrivalRate() > fleetCapacity;
    if (surge) {
      return new Result(m, kept);
    }
    return new Result(m.withSmoothedArrival(sum / recent.size()), kept);
  }

  /** The stable window, bounded by the scale-down window and at least one interval. */
  static Duration window(ScalingPolicy p) {
    Duration w = STABLE_WINDOW.compareTo(p.scaleDown().stabilization()) <= 0 ? STABLE_WINDOW
        : p.scaleDown().stabilization();
    return w.compareTo(p.interval()) >= 0 ? w : p.interval();
  }
}
