package io.routemq.operator.autoscaling;

import java.time.Duration;
import java.time.Instant;

/**
 * Saturation is information. Under MQTT flow control a worker holds at most its receive maximum (its handler
 * threads plus a small prefetch), so when every worker is busy and holds more than its threads can run, what the
 * workers received is only a lower bound of the arrival rate: the rest waits in the broker, unseen by worker-local
 * metrics. (Without the prefetch a saturated worker idled for a broker round trip after each message and read 77–89 %
 * busy on a loaded 2-core machine, under the 90 % this rule asks; with it, 95 %, and its held messages show.)
 * Planned for as measured, a load step becomes a staircase of ×1.4 per decision (1 ÷ 70 % utilization).
 *
 * <p>The rule, for sources that do not count arrivals themselves ({@code WorkerLocal}): while saturated, plan for
 * {@link #FACTOR} × what the workers process. Each time that assumption is raised, the workers it adds then drain what
 * piled up, and they are saturated while they do: for twice as long as the stretch had lasted when it was raised
 * (plus two intervals) the rule keeps the assumption instead of reading the drain as more load. Measured on the
 * simulator (a step from 2 to 22 workers' worth): 2 → 8 → 29 in two decisions; the cost is overshoot, up to
 * {@link #FACTOR} ÷ 70 % of the last saturated count, held for the scale-down window.
 */
public final class SaturationRule {
  /** 2.5 reaches a ×11 step in two decisions (2 → 8 → 29); 2 needs three. */
  static final double FACTOR = 2.5;

  /** The metrics to size on (with the assumed arrival rate) and the state to keep. */
  public record Result(GroupMetrics metrics, GroupState state) {}

  public Result apply(ScalingPolicy p, GroupMetrics m, BacklogReading reading, GroupState st, Instant now) {
    boolean sourceCounts = reading != null && reading.arrivalRate().isPresent();
    if (sourceCounts) {
      return new Result(m, st.saturation() == null ? st : st.withSaturation(null));
    }
    if (!m.saturated()) {
      // The first rate after a saturated stretch began while the workers were still draining: part drain, part
      // demand, so the scale-down window does not remember it as demand.
      return st.saturation() == null ? new Result(m, st)
          : new Result(m.withDemandUnmeasured(), st.withSaturation(null));
    }
    GroupState.Saturation s = st.saturation() != null ? st.saturation()
        : new GroupState.Saturation(now, null, 0);
    if (s.raisedAt() != null) {
      Duration before = Duration.between(s.since(), s.raisedAt());
      Instant holdUntil = s.raisedAt().plus(before.multipliedBy(2)).plus(p.interval().multipliedBy(2));
      if (now.isBefore(holdUntil)) {
        // Draining what piled up: the workers are saturated by the backlog the last raise was sized to clear.
        return new Result(m.withAssumedArrival(Math.max(s.assumedArrival(), 0)), st.withSaturation(s));
      }
    }
    // What the workers finish, not what they received: a window refilling after a scale-up is not load.
    double assumed = FACTOR * m.processingRate();
    if (assumed <= s.assumedArrival()) {
      // Workers added by the last raise are still starting: nothing new is known.
      return new Result(m.withAssumedArrival(s.assumedArrival()), st.withSaturation(s));
    }
    return new Result(m.withAssumedArrival(assumed),
        st.withSaturation(new GroupState.Saturation(s.since(), now, assumed)));
  }
}
