package io.routemq.operator.autoscaling.sim;

import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.ScalingPolicy;
import java.util.function.DoubleUnaryOperator;

/**
 * One simulated run: a load curve (msg/s over seconds), noise, a fleet, a policy, and optional disturbances.
 *
 * @param load arrival rate at second t, before noise
 * @param noise relative noise, uniform in ±noise, held for one metrics interval
 * @param loadChangeAt when the load changes (for decision and catch-up times), or NaN
 * @param targetReplicas workers the changed load needs (for steps to target), or 0
 * @param outageFrom start of a metrics outage (scrapes fail), or NaN
 * @param outageTo end of the outage
 * @param restartAt when the operator restarts (state lost), or NaN
 * @param restoreOnRestart whether the restarted engine is seeded from status
 * @param throughPrometheusText worker metrics go through Prometheus text, the parser and the rate evaluator
 */
public record Scenario(
    String name,
    ScalingPolicy policy,
    int initialReplicas,
    DoubleUnaryOperator load,
    double noise,
    long seed,
    double durationSeconds,
    double serviceRate,
    int receiveMaximum,
    double startDelaySeconds,
    BacklogReading.Source source,
    double loadChangeAt,
    int targetReplicas,
    double outageFrom,
    double outageTo,
    double restartAt,
    boolean restoreOnRestart,
    boolean throughPrometheusText) {

  public Scenario withSource(String newName, BacklogReading.Source s) {
    return new Scenario(newName, policy, initialReplicas, load, noise, seed, durationSeconds, serviceRate,
        receiveMaximum, startDelaySeconds, s, loadChangeAt, targetReplicas, outageFrom, outageTo, restartAt,
        restoreOnRestart, throughPrometheusText);
  }

  public Scenario withRestore(String newName, boolean restore) {
    return new Scenario(newName, policy, initialReplicas, load, noise, seed, durationSeconds, serviceRate,
        receiveMaximum, startDelaySeconds, source, loadChangeAt, targetReplicas, outageFrom, outageTo, restartAt,
        restore, throughPrometheusText);
  }

  /** The same run with worker metrics rendered as Prometheus text and read by the real parser and evaluator. */
  public Scenario throughPrometheusText(String newName) {
    return new Scenario(newName, policy, initialReplicas, load, noise, seed, durationSeconds, serviceRate,
        receiveMaximum, startDelaySeconds, source, loadChangeAt, targetReplicas, outageFrom, outageTo, restartAt,
        restoreOnRestart, true);
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(name, policy, initialReplicas, load, noise, newSeed, durationSeconds, serviceRate,
        receiveMaximum, startDelaySeconds, source, loadChangeAt, targetReplicas, outageFrom, outageTo, restartAt,
        restoreOnRestart, throughPrometheusText);
  }
}
