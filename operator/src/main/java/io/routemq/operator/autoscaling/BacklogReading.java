package io.routemq.operator.autoscaling;

import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a backlog source says about a group, beyond the workers' own metrics. Empty fields mean "use the
 * workers' figures" (mode WorkerLocal).
 *
 * @param source which source produced it
 * @param arrivalRate messages per second arriving for the group, if the source sees arrivals
 * @param backlog messages waiting for the group (broker and workers), if the source can tell
 * @param observedAt when it was read; null for worker-local
 */
public record BacklogReading(Source source, OptionalDouble arrivalRate, OptionalLong backlog, Instant observedAt) {

  /** Backlog sources, matching {@code io.routemq.crds.v1alpha1.BacklogSource}. */
  public enum Source {
    /** Only the workers' in-flight + local queue counts and their received rate. */
    WORKER_LOCAL,
    /** The operator's own non-shared QoS 0 subscription counts arrivals; backlog ≈ ∫(arrivals − processed). */
    ARRIVAL_SAMPLER,
    /** The broker's statistics (Mosquitto $SYS). */
    BROKER_STATS
  }

  /** No extra source: the engine uses the workers' own figures. */
  public static BacklogReading workerLocal() {
    return new BacklogReading(Source.WORKER_LOCAL, OptionalDouble.empty(), OptionalLong.empty(), null);
  }

  public static BacklogReading of(Source source, double arrivalRate, long backlog, Instant observedAt) {
    return new BacklogReading(source, OptionalDouble.of(arrivalRate), OptionalLong.of(backlog), observedAt);
  }
}
