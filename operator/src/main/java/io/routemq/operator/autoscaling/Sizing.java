package io.routemq.operator.autoscaling;

/**
 * Workers needed by each target, and the largest (HPA: the largest recommendation wins). A target that is not set
 * or cannot be computed asks for 0.
 *
 * @param exact workers needed before rounding up, by the winning target
 * @param needed the winning count, rounded up
 * @param winner which target won
 * @param demand workers the measured demand alone needs, before rounding up: the arrival rate planned for when it
 *     measures demand (not a rate the saturation rule assumed) at the planned utilization, and the CPU and
 *     message-rate targets, without the backlog to drain. What the scale-down window remembers: a backlog is gone
 *     once drained, and an assumed rate is replaced by a measured one as soon as the workers stop being saturated,
 *     but demand may come back.
 */
public record Sizing(int byCapacity, int byCpu, int byMessageRate, int byQueueDepth, double exact, int needed,
    Target winner, boolean backlogDominates, double demand) {

  /** The target that set the count; PREDICTED when the predictive rule asked for more than every target. */
  public enum Target { CAPACITY, CPU, MESSAGE_RATE, QUEUE_DEPTH, NONE, PREDICTED }

  /** A fractional worker count rounded up to whole workers, as every target's need is. */
  public static int wholeWorkers(double exact) {
    // 1e-9 keeps 20.000000001 (floating-point noise) from asking for a 21st worker.
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(exact - 1e-9));
  }

  /** This sizing with the predictive rule's count winning (the caller checks that it is larger). */
  public Sizing withPrediction(Prediction p) {
    return new Sizing(byCapacity, byCpu, byMessageRate, byQueueDepth, p.exactWorkers(), p.workers(),
        Target.PREDICTED, false, Math.max(demand, p.exactWorkers()));
  }
}
