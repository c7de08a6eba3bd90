package io.routemq.operator.bench;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static io.routemq.operator.testing.Clusters.ordered;
import static io.routemq.operator.testing.Clusters.ranged;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.reconcile.Labels;
import io.routemq.operator.testing.MockKube;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Opt-in (-Pbench): N RouteMQClusters with 3 groups each exist in the mock API server, then the
 * operator starts cold in its own JVM ({@link BenchOperatorMain}, {@value #OPERATOR_JVM_FLAGS});
 * measured is the time from its launch until every cluster is Ready, while a simulated Deployment
 * controller in this JVM marks each Deployment rolled out. rss_mb is the operator process's resident
 * memory at the end, rss_peak_mb its high-water mark.
 */
class OperatorScaleBench {

  /** Heap and JIT sized for a small operator pod; override with -Dbench.operator.jvm="...". */
  static final String OPERATOR_JVM_FLAGS = "-Xmx128m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1"
      + " -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -Dio.netty.allocator.type=unpooled";

  @Test
  void reconcileHundredClusters() throws Exception {
    run(100);
  }

  @Test
  void reconcileThousandClusters() throws Exception {
    run(1000);
  }

  private static void run(int n) throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      create(client, n);
      SharedIndexInformer<Deployment> controller = simulateDeploymentController(client);
      long start = System.nanoTime();
      Process operator = launchOperator(client.getMasterUrl().toString());
      try {
        long deadline = start + TimeUnit.SECONDS.toNanos(600);
        int ready = 0;
        while (ready < n && System.nanoTime() < deadline && operator.isAlive()) {
          Thread.sleep(250);
          ready = (int) client.resources(RouteMQCluster.class).inAnyNamespace().list().getItems().stream()
              .filter(OperatorScaleBench::isReady).count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BENCH operator crs=%d reconcile_all_s=%.1f rss_mb=%d rss_peak_mb=%d ready=%d%n",
            n, seconds, memoryMb(operator.pid(), "VmRSS:"), memoryMb(operator.pid(), "VmHWM:"), ready);
      } finally {
        operator.destroy();
        operator.waitFor(10, TimeUnit.SECONDS);
        controller.close();
      }
    }
  }

  private static Process launchOperator(String url) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("bench.operator.jvm", OPERATOR_JVM_FLAGS).split(" ")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchOperatorMain.class.getName(), url));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Path.of("target", "bench-operator.log").toFile()).start();
  }

  private static void create(KubernetesClient client, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String ns = "bench-" + (i % 10);
      RouteMQCluster c = cluster("fleet-" + i).namespace(ns)
          .group(fixed("ingest", 2))
          .group(ranged("enrich", 1, 10, AutoscalingMode.Operator))
          .group(ordered("audit"))
          .build();
      c.getMetadata().setUid(null);
      done.add(pool.submit(() -> client.resources(RouteMQCluster.class).inNamespace(ns).resource(c).create()));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  /** Plays the Deployment controller: each Deployment of the operator is rolled out at once. */
  private static SharedIndexInformer<Deployment> simulateDeploymentController(KubernetesClient client) {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    SharedIndexInformer<Deployment> informer = client.apps().deployments().inAnyNamespace()
        .withLabel(Labels.MANAGED_BY, Labels.OPERATOR).inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Deployment d) {
            pool.submit(() -> rollOut(client, d));
          }

          @Override
          public void onUpdate(Deployment old, Deployment d) {
            pool.submit(() -> rollOut(client, d));
          }

          @Override
          public void onDelete(Deployment d, boolean unknown) {}
        });
    return informer;
  }

  private static void rollOut(KubernetesClient client, Deployment d) {
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (d.getStatus() != null && d.getStatus().getObservedGeneration() != null
        && d.getStatus().getObservedGeneration().equals(d.getMetadata().getGeneration())
        && d.getStatus().getReadyReplicas() != null && d.getStatus().getReadyReplicas() == replicas) {
      return;
    }
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
        .withAvailableReplicas(replicas).build());
    client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).updateStatus();
  }

  private static boolean isReady(RouteMQCluster c) {
    return c.getStatus() != null && c.getStatus().getConditions().stream()
        .anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True"));
  }

  private static long memoryMb(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
