package io.routemq.e2e.loop;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Times {@link StepScenario} on a real cluster from what its API shows, with this machine's clock: the decision is
 * when the worker Deployment's count first rose above its count at the step (polled every 100 ms); the first new
 * worker is the first pod that appeared after that decision and showed Ready; a drain is from the pod's deletion
 * (SIGTERM) to the pod being gone (its container exited and the kubelet confirmed it), as seen through a watch. A
 * rise before the step (a noisy rate at the base load) is reported, not taken for the step's decision.
 */
final class StepTimer implements AutoCloseable {

  private final ClusterUnderTest cluster;
  private final Watch watch;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "step-timer");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Long> firstSeenAt = new ConcurrentHashMap<>();
  private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
  private final Map<String, Long> deletingAt = new ConcurrentHashMap<>();
  private final List<Double> drains = new ArrayList<>();
  private volatile long stepAt = Long.MAX_VALUE;
  private volatile long decisionAt;
  private volatile int desiredAtStep = -1;
  private volatile boolean roseBeforeStep;

  StepTimer(ClusterUnderTest cluster) {
    this.cluster = cluster;
    this.watch = cluster.client().pods().inNamespace(cluster.namespace()).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        observe(action, pod, System.nanoTime());
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  /** Call as the load starts: the step comes {@link StepScenario#STEP_AT} later. */
  void loadStarted() {
    int atLoadStart = cluster.desired();
    stepAt = System.nanoTime() + StepScenario.STEP_AT.toNanos();
    poller.scheduleWithFixedDelay(() -> {
      long now = System.nanoTime();
      int desired = cluster.desired();
      if (now < stepAt) {
        roseBeforeStep |= desired > atLoadStart;
      } else if (desiredAtStep < 0) {
        desiredAtStep = desired;
      } else if (decisionAt == 0 && desired > desiredAtStep) {
        decisionAt = now;
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  private void observe(Watcher.Action action, Pod pod, long now) {
    String name = pod.getMetadata().getName();
    firstSeenAt.putIfAbsent(name, now);
    if (action == Watcher.Action.DELETED) {
      Long deleting = deletingAt.remove(name);
      if (deleting != null) {
        synchronized (drains) {
          drains.add((now - deleting) / 1e9);
        }
      }
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      deletingAt.putIfAbsent(name, now);
    } else if (pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
      readyAt.putIfAbsent(name, now);
    }
  }

  /** Seconds from the step to the first scale-up decision; NaN if none came. */
  double decisionSeconds() {
    return decisionAt == 0 ? Double.NaN : (decisionAt - stepAt) / 1e9;
  }

  /** Seconds from the step to the first worker that appeared after the decision turning Ready; NaN if none did. */
  double firstNewWorkerReadySeconds() {
    long decision = decisionAt;
    if (decision == 0) {
      return Double.NaN;
    }
    // Poll-late by up to 100 ms, the decision may follow the Deployment's change the watch already saw.
    long since = decision - TimeUnit.MILLISECONDS.toNanos(100);
    OptionalDouble first = readyAt.entrySet().stream()
        .filter(e -> firstSeenAt.getOrDefault(e.getKey(), Long.MIN_VALUE) >= since)
        .mapToDouble(e -> (e.getValue() - stepAt) / 1e9).min();
    return first.orElse(Double.NaN);
  }

  /** The drain times seen so far, sorted. */
  double[] drainSeconds() {
    synchronized (drains) {
      return drains.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
  }

  /** The BENCH line of the step scenario on a real node. */
  String benchLine(String broker, long lost, long duplicates) {
    double[] drained = drainSeconds();
    // Nearest-rank percentile: with a handful of drains, p99 is the slowest.
    double p99 = drained.length == 0 ? Double.NaN : drained[Math.max(0, (int) Math.ceil(drained.length * 0.99) - 1)];
    return String.format(Locale.ROOT, "BENCH e2e scenario=step broker=%s api=real node=real scale_up_decision_s=%.1f"
            + " first_new_worker_ready_s=%.1f ready_after_decision_s=%.1f drain_p99_s=%.1f drains=%d lost=%d"
            + " duplicates=%d rose_before_step=%b", broker, decisionSeconds(), firstNewWorkerReadySeconds(),
        firstNewWorkerReadySeconds() - decisionSeconds(), p99, drained.length, lost, duplicates, roseBeforeStep);
  }

  @Override
  public void close() {
    poller.shutdownNow();
    watch.close();
  }
}
