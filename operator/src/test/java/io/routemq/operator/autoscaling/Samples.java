package io.routemq.operator.autoscaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds worker samples for engine tests. */
final class Samples {
  private Samples() {}

  /** n workers, each processing {@code perWorker} msg/s at the given busy ratio, holding {@code depth} messages. */
  static List<WorkerSample> workers(int n, Instant at, double perWorker, double busy, long depth) {
    List<WorkerSample> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new WorkerSample("w-" + i, at, perWorker, perWorker, busy, 0.5 * busy, depth, 0));
    }
    return list;
  }

  static List<WorkerSample> workers(int n, Instant at, double perWorker, double busy) {
    return workers(n, at, perWorker, busy, 0);
  }

  static List<WorkerSample> withCpu(int n, Instant at, double perWorker, double busy, double cpuCores) {
    List<WorkerSample> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new WorkerSample("w-" + i, at, perWorker, perWorker, busy, cpuCores, 0, 0));
    }
    return list;
  }
}
