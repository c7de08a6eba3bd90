package io.routemq.operator.scaling;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.routetable.WorkerContract;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the Deployment controller and the workers of one group, for mock-server tests of the autoscaler:
 * it keeps as many Pod objects as the Deployment asks for, each ready at 127.0.0.1 and backed by a small HTTP server
 * that serves worker metrics in the contract's names. The simulated load: {@code arrivalRate} messages per second
 * shared by the workers, each processing at most {@code capacity} per second; what they cannot take waits in their
 * local queue. {@link #silence()} makes every endpoint fail, as during a metrics outage; {@link #turnNotReady(int)}
 * turns running pods not ready for good, as in a crash loop (they take no load, and go first on a scale-down, as the
 * ReplicaSet controller deletes not-ready pods first).
 */
final class FakeWorkers implements AutoCloseable {
  private static final int THREADS = 4;
  /** A worker of the default concurrency (64) holds this many with its prefetch. */
  private static final int RECEIVE_MAXIMUM = WorkerContract.receiveMaximum(64, true);

  private final KubernetesClient client;
  private final String namespace;
  private final String deployment;
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  private final double capacity;
  private volatile double arrivalRate;
  private volatile boolean silent;

  private final class Worker {
    final HttpServer server;
    volatile boolean ready = true;
    final long started = System.nanoTime();
    double processed;
    double busySeconds;
    long lastNanos = started;

    Worker() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(WorkerContract.METRICS_PATH, exchange -> {
        byte[] body = silent ? new byte[0] : metrics().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(silent ? 503 : 200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
    }

    synchronized String metrics() {
      long now = System.nanoTime();
      double seconds = (now - lastNanos) / 1e9;
      lastNanos = now;
      int count = Math.max(1, readyCount());
      double share = arrivalRate / count;
      double rate = Math.min(capacity, share);
      processed += rate * seconds;
      busySeconds += rate / capacity * THREADS * seconds;
      boolean saturated = share > capacity;
      return String.join("\n",
          line(WorkerContract.METRIC_RECEIVED, processed),
          line(WorkerContract.METRIC_PROCESSED, processed),
          line(WorkerContract.METRIC_FAILED, 0),
          line(WorkerContract.METRIC_DEAD_LETTERED, 0),
          WorkerContract.METRIC_IN_FLIGHT + " " + (saturated ? RECEIVE_MAXIMUM : 0),
          WorkerContract.METRIC_QUEUE_DEPTH + " " + (saturated ? RECEIVE_MAXIMUM - THREADS : 0),
          WorkerContract.METRIC_BUSY_SECONDS + " " + busySeconds,
          WorkerContract.METRIC_HANDLER_THREADS + " " + THREADS,
          WorkerContract.METRIC_CPU_SECONDS + " " + busySeconds / THREADS * 0.5,
          "");
    }

    private static String line(String name, double value) {
      return String.format(Locale.ROOT, "%s{route=\"sensors/{deviceId}/data\"} %.3f", name, value);
    }
  }

  FakeWorkers(KubernetesClient client, String namespace, String deployment, double capacity, double arrivalRate) {
    this.client = client;
    this.namespace = namespace;
    this.deployment = deployment;
    this.capacity = capacity;
    this.arrivalRate = arrivalRate;
    loop.scheduleWithFixedDelay(this::sync, 0, 100, TimeUnit.MILLISECONDS);
  }

  void arrivalRate(double messagesPerSecond) {
    this.arrivalRate = messagesPerSecond;
  }

  void silence() {
    silent = true;
  }

  /** Turns {@code pods} ready pods not ready for good; returns when the Pod objects say so. */
  void turnNotReady(int pods) {
    workers.entrySet().stream().filter(e -> e.getValue().ready).limit(pods).forEach(e -> {
      e.getValue().ready = false;
      client.pods().inNamespace(namespace).withName(e.getKey()).edit(p -> {
        p.getStatus().getConditions().forEach(c -> c.setStatus("False"));
        return p;
      });
    });
  }

  private int readyCount() {
    return (int) workers.values().stream().filter(w -> w.ready).count();
  }

  int running() {
    return workers.size();
  }

  /** Pods follow the Deployment's spec.replicas, as the Deployment controller and kubelet would make them. */
  private void sync() {
    try {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
      if (d == null) {
        return;
      }
      int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      while (workers.size() < want) {
        String name = deployment + "-" + workers.size() + "-" + Long.toHexString(System.nanoTime() & 0xffff);
        Worker w = new Worker();
        workers.put(name, w);
        client.pods().inNamespace(namespace).resource(pod(d, name, w.server.getAddress().getPort())).create();
      }
      List<String> names = new ArrayList<>(workers.keySet());
      // Not-ready pods last, so that a scale-down removes them first.
      names.sort(Comparator.comparing(name -> !workers.get(name).ready));
      for (int i = want; i < names.size(); i++) {
        Worker w = workers.remove(names.get(i));
        client.pods().inNamespace(namespace).withName(names.get(i)).delete();
        w.server.stop(0);
      }
      int n = workers.size();
      int ready = readyCount();
      DeploymentStatus status = d.getStatus();
      if (status == null || !Integer.valueOf(ready).equals(status.getReadyReplicas())
          || !Integer.valueOf(n).equals(status.getReplicas())
          || !d.getMetadata().getGeneration().equals(status.getObservedGeneration())) {
        client.apps().deployments().inNamespace(namespace).withName(deployment).editStatus(x -> {
          x.setStatus(new DeploymentStatusBuilder().withObservedGeneration(x.getMetadata().getGeneration())
              .withReplicas(n).withUpdatedReplicas(n).withReadyReplicas(ready).withAvailableReplicas(ready).build());
          return x;
        });
      }
    } catch (Exception e) {
      // A conflict or a race with the operator: the next pass repairs it.
    }
  }

  private static Pod pod(Deployment d, String name, int port) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace())
        .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
        .withNewSpec().addNewContainer().withName("worker").withImage("fake")
        .addNewPort().withName("http").withContainerPort(port).endPort().endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
        .build();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    workers.values().forEach(w -> w.server.stop(0));
  }
}
