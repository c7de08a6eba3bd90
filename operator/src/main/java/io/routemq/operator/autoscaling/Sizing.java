package io.routemq.operator.autoscaling;

/**
 * Workers needed by each target, and the largest (HPA: the largest recommendation wins). A target that is not set
 * or cannot be computed asks for 0.
 *
 * @param exact workers needed before rounding up, by the winning target
 * @param needed the winning count, rounded up
 * @param winner which target won
 */
public record Sizing(int byCapacity, int byCpu, int byMessageRate, int byQueueDepth, double exact, int needed,
    Target winner, boolean backlogDominates) {

  /** The target that set the count. */
  public enum Target { CAPACITY, CPU, MESSAGE_RATE, QUEUE_DEPTH, NONE }
}
