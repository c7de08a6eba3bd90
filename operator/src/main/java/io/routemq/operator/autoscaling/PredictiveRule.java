package io.routemq.operator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Predictive pre-scaling: learn the group's arrival rate per slot of the day and week ({@link RateProfile}) from the
 * measurements the engine already gets, and when the profile says the rate will rise within the workers' start-up
 * time plus one interval, plan now for today's rate plus that rise.
 *
 * <p>The rise is added to what is measured rather than the learned level taken as is: a day busier or quieter than
 * the profile keeps its own level, and only the expected change is anticipated. The rule never asks for fewer
 * workers than the reactive rule (the caller takes the larger) and never predicts a fall: after a peak the profile's
 * rise turns negative, the rule stops asking, and the reactive scale-down window alone decides.
 */
public final class PredictiveRule {

  /**
   * Learns from this decision's metrics, then predicts, or returns empty (not enabled, still warming up, no rise
   * expected, capacity not known yet).
   */
  public Optional<Prediction> apply(PredictivePolicy pp, ScalingPolicy p, GroupMetrics m, RateProfile profile,
      Instant now) {
    if (!pp.enabled()) {
      return Optional.empty();
    }
    // Only rates every ready worker reported: a partial sum would teach a dip that did not happen.
    if (m.freshWorkers() > 0 && m.staleWorkers() == 0 && m.freshWorkers() >= m.readyWorkers()) {
      profile.observe(now, m.measuredArrivalRate(), p.interval());
    }
    Duration lookahead = pp.lead().plus(p.interval());
    Optional<RateProfile.Expectation> e = profile.expect(now, lookahead);
    if (e.isEmpty() || e.get().rise() <= 0) {
      return Optional.empty();
    }
    double perWorker = 0;
    if (m.capacityKnown()) {
      perWorker = m.capacityPerWorker() * p.capacityUtilization();
    }
    if (p.messagesPerSecondPerWorker() > 0) {
      perWorker = perWorker > 0 ? Math.min(perWorker, p.messagesPerSecondPerWorker()) : p.messagesPerSecondPerWorker();
    }
    if (perWorker <= 0) {
      return Optional.empty();
    }
    double predicted = m.arrivalRate() + e.get().rise();
    double exact = predicted / perWorker;
    int workers = Sizing.wholeWorkers(exact);
    return Optional.of(new Prediction(m.arrivalRate(), e.get().rise(), predicted, lookahead, exact, workers,
        e.get().layer(), e.get().visits()));
  }
}
