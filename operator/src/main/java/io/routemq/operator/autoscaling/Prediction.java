package io.routemq.operator.autoscaling;

import java.time.Duration;
import java.util.Locale;

/**
 * What the predictive rule expects for a group: the rate it plans for and the workers that takes.
 *
 * @param baseRate the arrival rate the reactive rule plans for now
 * @param rise how much higher the learned profile says the rate will be within the lookahead
 * @param predictedRate {@code baseRate + rise}
 * @param lookahead how far ahead it looked (lead plus one interval)
 * @param exactWorkers workers the predicted rate needs, before rounding
 * @param workers the same, rounded up
 * @param layer daily or weekly slots
 * @param visits visits behind the least-seen slot used
 */
public record Prediction(double baseRate, double rise, double predictedRate, Duration lookahead,
    double exactWorkers, int workers, RateProfile.Layer layer, int visits) {

  /** A clause for the decision's message. */
  public String describe() {
    return String.format(Locale.ROOT,
        "predicted rise to %.1f msg/s within %ds (learned %s profile, +%.1f msg/s, %d visits): %d workers",
        predictedRate, lookahead.toSeconds(), layer == RateProfile.Layer.DAILY ? "daily" : "weekly", rise, visits,
        workers);
  }
}
