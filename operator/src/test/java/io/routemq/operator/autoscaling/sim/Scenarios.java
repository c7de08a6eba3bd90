package io.routemq.operator.autoscaling.sim;

import io.routemq.crds.routetable.WorkerContract;
import io.routemq.operator.autoscaling.BacklogReading.Source;
import io.routemq.operator.autoscaling.ScalingPolicy;

/**
 * The scenarios. Every worker processes 100 msg/s when fully busy, holds at most 80 messages (receive
 * maximum: 64 handler threads and their prefetch) and takes 10 s to start; the engine runs every 5 s with the default policy.
 */
public final class Scenarios {
  static final double RATE = 100;
  /** The window of a worker of the default concurrency (64 handler threads) with its prefetch. */
  static final int RECEIVE_MAXIMUM = WorkerContract.receiveMaximum(64, true);
  static final double START_DELAY = 10;
  /** 140 msg/s keeps 2 workers at the default 70 % utilization. */
  static final double BASE = 140;

  private Scenarios() {}

  /** Load ×10 at t = 600 s: 140 → 1400 msg/s, which needs 20 workers. */
  public static Scenario step() {
    return new Scenario("step", ScalingPolicy.defaults(2, 32), 2, t -> t < 600 ? BASE : BASE * 10, 0, 1, 1800,
        RATE, RECEIVE_MAXIMUM, START_DELAY, Source.ARRIVAL_SAMPLER, 600, 20, Double.NaN, Double.NaN, Double.NaN,
        false, false);
  }

  /**
   * The default settings (backlog source WorkerLocal) on a step from 2 to 22 workers' worth of load at t = 600 s:
   * 140 → 1540 msg/s.
   */
  public static Scenario stepDefault() {
    return new Scenario("step-default", ScalingPolicy.defaults(2, 32), 2, t -> t < 600 ? BASE : 22 * BASE / 2, 0, 1,
        1800, RATE, RECEIVE_MAXIMUM, START_DELAY, Source.WORKER_LOCAL, 600, 22, Double.NaN, Double.NaN, Double.NaN,
        false, false);
  }

  /** Load ×20 for two minutes at t = 600 s: more than max = 32 workers can take, so 2 → 32 in one decision. */
  public static Scenario spike() {
    return new Scenario("spike", ScalingPolicy.defaults(2, 32), 2,
        t -> t >= 600 && t < 720 ? BASE * 20 : BASE, 0, 1, 1800, RATE, RECEIVE_MAXIMUM, START_DELAY,
        Source.ARRIVAL_SAMPLER, 600, 32, Double.NaN, Double.NaN, Double.NaN, false, false);
  }

  /** A one-hour sine between 500 and 1500 msg/s with ±20 % noise per interval, for four hours. */
  public static Scenario sine(long seed) {
    return new Scenario("sine", ScalingPolicy.defaults(2, 40), 14,
        t -> 1000 + 500 * Math.sin(2 * Math.PI * t / 3600), 0.20, seed, 4 * 3600, RATE, RECEIVE_MAXIMUM,
        START_DELAY, Source.ARRIVAL_SAMPLER, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, false, false);
  }

  /** 1400 msg/s; from t = 1200 s the workers' metrics cannot be read for 10 min while the load falls ×10. */
  public static Scenario outage() {
    return new Scenario("outage", ScalingPolicy.defaults(2, 32), 20, t -> t < 1200 ? BASE * 10 : BASE, 0, 1,
        2400, RATE, RECEIVE_MAXIMUM, START_DELAY, Source.ARRIVAL_SAMPLER, 1200, 0, 1200, 1800, Double.NaN, false,
        false);
  }

  /** 1400 msg/s, halved at t = 1200 s; the operator restarts at t = 1260 s, inside the scale-down window. */
  public static Scenario restart() {
    return new Scenario("restart", ScalingPolicy.defaults(2, 32), 20, t -> t < 1200 ? BASE * 10 : BASE * 5, 0, 1,
        2400, RATE, RECEIVE_MAXIMUM, START_DELAY, Source.ARRIVAL_SAMPLER, 1200, 0, Double.NaN, Double.NaN, 1260,
        true, false);
  }
}
