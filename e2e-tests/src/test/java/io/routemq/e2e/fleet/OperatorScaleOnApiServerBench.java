package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterSpec;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.crds.v1alpha1.WorkerSpec;
import io.routemq.e2e.kube.RealControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opt-in (-Pbench): the operator's cold start against the real API server. N RouteMQClusters of 3 groups each (a
 * fixed one, an autoscaled one, an ordered one) exist; then the packaged operator starts as its ServiceAccount, with
 * the JVM flags of {@code deploy/operator/deployment.yaml}; measured is the time from its launch until every cluster
 * is reconciled (status written for its current generation, all three groups' Deployments created). No kubelet runs:
 * the real controllers create ReplicaSets and Pods, which stay Pending on a registered node, so "Ready" is never
 * reached and is not what is measured. Prints
 * {@code BENCH operator api=real crs=N reconcile_all_s=… rss_mb=… rss_peak_mb=… reconciled=… operator_cpu_s=…} and
 * the CPU seconds each control-plane component used in the same time.
 */
class OperatorScaleOnApiServerBench {
  private static final int NAMESPACES = 10;

  @ParameterizedTest
  @ValueSource(ints = {100, 1000})
  void coldStart(int clusters) throws Exception {
    Path work = Path.of("target", "bench-operator-scale-" + clusters).toAbsolutePath();
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    try (RealControlPlane plane = RealControlPlane.start(work.resolve("control-plane"))) {
      KubernetesClient client = plane.client();
      ClusterInstall.crd(client, Path.of(System.getProperty("routemq.crd.file")));
      ClusterInstall.operatorRbac(client, Path.of(System.getProperty("routemq.deploy.dir")));
      for (int i = 0; i < NAMESPACES; i++) {
        ClusterInstall.namespace(client, "bench-" + i);
      }
      // A node without a kubelet: pods bind and stay Pending, instead of the scheduler retrying them all the time.
      NodeHeartbeat node = new NodeHeartbeat(client, "bench-node");
      node.register(plane.kubernetesVersion());
      beats.scheduleWithFixedDelay(node::beat, 10, 10, TimeUnit.SECONDS);
      create(client, clusters);
      Path kubeconfig = plane.kubeconfigForServiceAccount(ClusterInstall.OPERATOR_NAMESPACE,
          ClusterInstall.OPERATOR_SERVICE_ACCOUNT, java.time.Duration.ofHours(1));
      Map<String, Double> cpuBefore = cpuSeconds(plane.pids());
      long start = System.nanoTime();
      Map<String, String> env = new java.util.LinkedHashMap<>(
          ClusterInstall.operatorContainerEnv(client, Path.of(System.getProperty("routemq.deploy.dir"))));
      env.put("HOSTNAME", "routemq-operator-bench");
      try (OperatorProcess operator = OperatorProcess.start(Path.of(System.getProperty("routemq.operator.app")),
          kubeconfig, ClusterInstall.OPERATOR_NAMESPACE, env, work.resolve("operator.log"))) {
        long deadline = start + TimeUnit.SECONDS.toNanos(900);
        long reconciled = 0;
        while (reconciled < clusters && System.nanoTime() < deadline && operator.isAlive()) {
          Thread.sleep(500);
          reconciled = client.resources(RouteMQCluster.class).inAnyNamespace().list().getItems().stream()
              .filter(OperatorScaleOnApiServerBench::reconciled).count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuAfter = cpuSeconds(plane.pids());
        StringBuilder cpu = new StringBuilder();
        cpuAfter.forEach((component, s) -> cpu.append(String.format(Locale.ROOT, " %s_cpu_s=%.1f",
            component.replace('-', '_'), s - cpuBefore.getOrDefault(component, 0.0))));
        System.out.printf(Locale.ROOT, "BENCH operator api=real crs=%d reconcile_all_s=%.1f rss_mb=%d rss_peak_mb=%d"
            + " reconciled=%d deployments=%d operator_cpu_s=%.1f%s%n", clusters, seconds,
            memoryMb(operator.pid(), "VmRSS:"), memoryMb(operator.pid(), "VmHWM:"), reconciled,
            client.apps().deployments().inAnyNamespace().list().getItems().size(),
            cpuSeconds(Map.of("operator", operator.pid())).get("operator"), cpu);
      }
    } finally {
      beats.shutdownNow();
    }
  }

  private static boolean reconciled(RouteMQCluster c) {
    return c.getStatus() != null && c.getStatus().getObservedGeneration() != null
        && c.getStatus().getObservedGeneration().equals(c.getMetadata().getGeneration())
        && c.getStatus().getGroups() != null && c.getStatus().getGroups().size() == 3
        && c.getStatus().getGroups().stream().allMatch(g -> g.getDesiredReplicas() != null
            && g.getDesiredReplicas() > 0);
  }

  private static void create(KubernetesClient client, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String ns = "bench-" + (i % NAMESPACES);
      RouteMQCluster c = cluster("fleet-" + i, ns);
      done.add(pool.submit(() -> client.resources(RouteMQCluster.class).inNamespace(ns).resource(c).create()));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private static RouteMQCluster cluster(String name, String namespace) {
    RouteMQCluster c = new RouteMQCluster();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(namespace);
    RouteMQClusterSpec spec = new RouteMQClusterSpec();
    BrokerSpec broker = new BrokerSpec();
    broker.setUrl("tcp://broker.iot:1883");
    spec.setBroker(broker);
    WorkerSpec worker = new WorkerSpec();
    worker.setImage("routemq/worker:bench");
    spec.setWorker(worker);
    spec.setGroups(List.of(group("ingest", ReplicasSpec.fixed(1), AutoscalingMode.Off, true),
        group("enrich", ReplicasSpec.range(1, 10), AutoscalingMode.Operator, true),
        group("audit", null, null, false)));
    c.setSpec(spec);
    return c;
  }

  private static GroupSpec group(String name, ReplicasSpec replicas, AutoscalingMode mode, boolean shared) {
    GroupSpec g = new GroupSpec(name);
    g.setShared(shared);
    g.setReplicas(replicas);
    if (mode != null) {
      AutoscalingSpec a = new AutoscalingSpec();
      a.setMode(mode);
      g.setAutoscaling(a);
    }
    g.setRoutes(List.of(new RouteSpec("sensors/" + name + "/{id}", new HandlerSpec("log", Map.of()))));
    return g;
  }

  /**
   * CPU time each process has used so far (user and system), to see where a run's time went: on two cores the
   * operator shares them with the API server, etcd and the controllers that create its ReplicaSets and Pods.
   */
  private static Map<String, Double> cpuSeconds(Map<String, Long> pids) {
    Map<String, Double> cpu = new java.util.LinkedHashMap<>();
    pids.forEach((name, pid) -> ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration())
        .ifPresent(d -> cpu.put(name, d.toMillis() / 1000.0)));
    return cpu;
  }

  private static long memoryMb(long pid, String field) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1L);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
