package io.routemq.worker.pipeline;

import io.routemq.crds.routetable.RouteTable;

/** When to try a failed message again: exponential backoff from the group's failure policy. */
public record Retries(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis) {

  public static Retries of(RouteTable.FailurePolicy policy) {
    return new Retries(Math.max(1, policy.maxAttempts()), policy.initialBackoffMillis(), policy.maxBackoffMillis());
  }

  /** Wait before attempt {@code next} (2 for the first retry): initial × 2^(next−2), at most the maximum. */
  public long backoffBefore(int next) {
    double millis = initialBackoffMillis * Math.pow(2, next - 2);
    return (long) Math.min(maxBackoffMillis, millis);
  }
}
