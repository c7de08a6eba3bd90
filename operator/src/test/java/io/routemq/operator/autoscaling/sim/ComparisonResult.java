package io.routemq.operator.autoscaling.sim;

import java.util.Locale;

/**
 * One trace under one policy.
 *
 * @param catchUpSeconds the longest stretch during which the broker held more than one second of arrivals
 * @param maxBacklog most messages waiting at once (broker queue plus what workers hold)
 * @param maxQueued most messages in the broker queue at once, taken by no worker yet: the part of the backlog that
 *     is lag (what workers hold is at most their receive windows, about one second of arrivals in this model)
 * @param p99WaitSeconds 99th percentile of the time from a message's arrival to the end of its processing, FIFO,
 *     in whole seconds (a message done within the second it arrived waited 0)
 * @param workerSeconds workers present (starting ones included) summed over every second: the cost
 * @param reversalsPerHour changes of direction between consecutive changes of the worker count, per hour
 * @param changes changes of the worker count
 */
public record ComparisonResult(String trace, String policy, double catchUpSeconds, long maxBacklog, long maxQueued,
    double p99WaitSeconds, double workerSeconds, double reversalsPerHour, int changes) {

  public String benchLine() {
    return String.format(Locale.ROOT,
        "BENCH compare trace=%s policy=%s catch_up_s=%.0f max_backlog=%d max_queued=%d p99_wait_s=%.0f"
            + " worker_seconds=%.0f"
            + " reversals_per_hour=%.2f changes=%d",
        trace, policy, catchUpSeconds, maxBacklog, maxQueued, p99WaitSeconds, workerSeconds, reversalsPerHour, changes);
  }
}
