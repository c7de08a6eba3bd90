package io.routemq.operator.planner;

/**
 * What the planner is told about one group.
 *
 * @param group group name
 * @param expectedRate expected arrival rate, msg/s
 * @param perWorkerRate measured msg/s one fully busy worker processes
 * @param capacityUtilizationPercent target share of capacity to use (default 70)
 * @param backlog messages waiting to be drained on top of arrivals (default 0)
 * @param drainSeconds time to drain the backlog (default 60)
 * @param messagesPerSecondPerWorker msg/s target per worker, 0 = unset
 * @param queueDepthPerWorker queue-depth target per worker, 0 = unset
 * @param min fewest workers (default 1)
 * @param max most workers (default 1000)
 */
public record PlanInput(String group, double expectedRate, double perWorkerRate, int capacityUtilizationPercent,
    long backlog, int drainSeconds, double messagesPerSecondPerWorker, int queueDepthPerWorker, int min, int max) {

  /** Per-worker rate from a measured handler latency and thread count (Little's law at full busy). */
  public static double rateFromLatency(double latencyMillis, int threads) {
    return threads * 1000.0 / latencyMillis;
  }
}
