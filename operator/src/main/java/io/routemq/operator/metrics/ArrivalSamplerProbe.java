package io.routemq.operator.metrics;

import io.routemq.operator.autoscaling.BacklogReading;
import java.time.Duration;
import java.time.Instant;

/**
 * Mode ArrivalSampler: arrival rate from an {@link ArrivalCounter}, backlog ≈ ∫(arrivals − completed). The
 * integral starts at 0 when the probe starts (what already waited then is unknown; the workers' own depth is a
 * floor, see {@link #withLocalFloor}) and never goes below 0 — QoS 0 sampling can miss a message the workers
 * still get, which would otherwise drift the estimate negative.
 */
public final class ArrivalSamplerProbe implements BacklogProbe {
  private final ArrivalCounter counter;
  private Instant lastTime;
  private long lastArrivals;
  private double lastCompleted;
  private double backlog;

  public ArrivalSamplerProbe(ArrivalCounter counter) {
    this.counter = counter;
  }

  @Override
  public synchronized BacklogReading read(Instant now, double completedTotal) {
    long arrivals = counter.arrivals();
    double rate = 0;
    if (lastTime != null) {
      double dt = Duration.between(lastTime, now).toNanos() / 1e9;
      long arrived = arrivals - lastArrivals;
      double completed = completedTotal - lastCompleted;
      rate = dt > 0 ? arrived / dt : 0;
      backlog = Math.max(0, backlog + arrived - completed);
    }
    lastTime = now;
    lastArrivals = arrivals;
    lastCompleted = completedTotal;
    return BacklogReading.of(BacklogReading.Source.ARRIVAL_SAMPLER, rate, Math.round(backlog), now);
  }

  /**
   * Raises the estimate to what the workers are known to hold; the caller passes their in-flight + queued sum so
   * that a sampler started under load does not report less than is visibly waiting.
   */
  public synchronized void withLocalFloor(long workerDepth) {
    backlog = Math.max(backlog, workerDepth);
  }

  /**
   * Sets the estimate to what the workers hold. The caller does this when the workers have spare capacity: under
   * flow control a broker with messages waiting keeps every worker busy, so idle workers prove there is no broker
   * backlog, and any drift of the integral (missed QoS 0 samples, restarted pods) is cleared.
   */
  public synchronized void resetTo(long workerDepth) {
    backlog = workerDepth;
  }
}
