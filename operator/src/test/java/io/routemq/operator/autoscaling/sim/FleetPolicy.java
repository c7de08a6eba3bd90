package io.routemq.operator.autoscaling.sim;

/**
 * One autoscaler under comparison (ours, or a model of a peer), asked every {@link #periodSeconds()} how many
 * workers the group should have. All of them drive the same {@link SimulatedFleet}, so capacity, start-up time and
 * CPU per message are identical; each reads only what its real counterpart can read.
 */
interface FleetPolicy {

  /** The name printed in {@code BENCH compare ... policy=<name>}. */
  String name();

  /** Seconds between decisions (our interval, the HPA's sync period). */
  long periodSeconds();

  /**
   * Workers wanted at time t.
   *
   * @param t seconds since the start, a multiple of {@link #periodSeconds()}
   * @param current the worker count set so far (the Deployment's spec.replicas)
   */
  int decide(long t, int current, SimulatedFleet fleet);
}
