package io.routemq.operator.metrics;

import io.routemq.operator.autoscaling.BacklogReading;
import java.time.Instant;

/** Mode WorkerLocal: adds nothing, the engine uses the workers' received rate and local depth. */
public final class WorkerLocalProbe implements BacklogProbe {
  @Override
  public BacklogReading read(Instant now, double completedTotal) {
    return BacklogReading.workerLocal();
  }
}
