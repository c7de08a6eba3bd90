package io.routemq.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.e2e.fleet.ClusterInstall;
import io.routemq.e2e.fleet.LocalFleet;
import io.routemq.e2e.kube.KubeComponents;
import io.routemq.e2e.kube.Kubectl;
import io.routemq.e2e.kube.RealControlPlane;
import io.routemq.worker.testing.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A whole single-node cluster on this machine, in the state a user has after installing RouteMQ: the real control
 * plane serving on the node's bridge address, the real node (kubelet, kube-proxy, containerd, runc), the worker and
 * operator images built here and imported, and {@code kubectl apply -k e2e-tests/node/local-images} (deploy/ with
 * the local operator image) applied with the real kubectl, so the operator runs as two pods that reach the API
 * server through the {@code kubernetes} Service. Mosquitto runs on the host, on the bridge address: the pods reach
 * it there, and so does the load tester. Needs root and the node's packages ({@code -Pnode}).
 */
public final class NodeCluster implements AutoCloseable {

  public static final String OPERATOR_NAMESPACE = ClusterInstall.OPERATOR_NAMESPACE;
  private static final Duration OPERATOR_READY_BOUND = Duration.ofSeconds(180);
  private static final Duration METRICS_SERVER_BOUND = Duration.ofSeconds(150);

  private final RealNode.Network network;
  private final RealControlPlane plane;
  private final RealNode node;
  private final MosquittoBroker broker;
  private final Kubectl kubectl;

  private NodeCluster(RealNode.Network network, RealControlPlane plane, RealNode node, MosquittoBroker broker) {
    this.network = network;
    this.plane = plane;
    this.node = node;
    this.broker = broker;
    this.kubectl = new Kubectl(plane.adminKubeconfig());
  }

  /**
   * Starts everything with its state under {@code workDir} (the node's part elsewhere if that is too deep for its
   * unix sockets: {@link RealNode#runDir}) and returns once the operator's Deployment has its two replicas available.
   */
  public static NodeCluster start(Path workDir) {
    // The bridge first: the API server binds its address, which pods reach through kube-proxy's rules.
    RealNode.Network network = RealNode.network(RealNode.runDir(workDir.resolve("node")));
    RealControlPlane plane = null;
    RealNode node = null;
    MosquittoBroker broker = null;
    try {
      plane = RealControlPlane.start(workDir.resolve("control-plane"), KubeComponents.locate(), network.address());
      node = RealNode.start(plane, network);
      broker = MosquittoBroker.start(workDir.resolve("mosquitto"), node.hostAddress());
      Path base = NodeImages.javaBase(workDir.resolve("logs"));
      Path images = workDir.resolve("images");
      node.importImage(NodeImages.build(AppImage.worker(quarkusApp("routemq.worker.app")), base, images));
      node.importImage(NodeImages.build(AppImage.operator(quarkusApp("routemq.operator.app")), base, images));
      NodeCluster cluster = new NodeCluster(network, plane, node, broker);
      cluster.install();
      return cluster;
    } catch (RuntimeException | Error e) {
      closeAll(broker, node, plane, network);
      throw e;
    }
  }

  /** What a user runs: the CRD and the operator from deploy/, with the local image, by the real kubectl. */
  private void install() {
    long begin = System.nanoTime();
    Path overlay = NodeScripts.locate().folder().resolve("local-images");
    System.out.print(kubectl.ok("apply", "-k", overlay.toString()));
    kubectl.ok("wait", "--for=condition=Established", "crd/routemqclusters.routemq.io", "--timeout=60s");
    awaitOrExplain(OPERATOR_READY_BOUND, Duration.ofMillis(500), () -> availableOperators() >= 2,
        () -> "the operator's 2 replicas were not available within " + OPERATOR_READY_BOUND.toSeconds() + " s:\n"
            + kubectl.run("-n", OPERATOR_NAMESPACE, "describe", "pods") + "\nkubelet's log: "
            + node.logs().resolve("kubelet.log"));
    System.out.printf("FIGURE operator installed (kubectl apply -k) and 2 replicas available in %.1f s%n",
        (System.nanoTime() - begin) / 1e9);
  }

  /**
   * Adds metrics-server (built here, run as a pod in kube-system) so that HorizontalPodAutoscalers read CPU from the
   * kubelet's resource metrics; returns once the metrics API answers for the node.
   */
  public void installMetricsServer() {
    long begin = System.nanoTime();
    node.importImage(NodeImages.metricsServer(node.logs()));
    Path manifests = NodeScripts.locate().folder().resolve("metrics-server");
    System.out.print(kubectl.ok("apply", "-k", manifests.toString()));
    // `kubectl top node` answers once the APIService is available and metrics-server has scraped the kubelet once
    // (within its 15 s resolution).
    awaitOrExplain(METRICS_SERVER_BOUND, Duration.ofSeconds(1), () -> kubectl.run("top", "node").succeeded(),
        () -> "metrics-server serves no node metrics after " + METRICS_SERVER_BOUND.toSeconds() + " s: "
            + kubectl.run("top", "node") + kubectl.run("get", "apiservice", "v1beta1.metrics.k8s.io")
            + kubectl.run("-n", "kube-system", "logs", "deploy/metrics-server")
            + kubectl.run("-n", "kube-system", "logs", "deploy/metrics-server", "--previous"));
    System.out.printf("FIGURE metrics-server installed and serving node metrics in %.1f s%n",
        (System.nanoTime() - begin) / 1e9);
  }

  private int availableOperators() {
    Deployment deployment = client().apps().deployments().inNamespace(OPERATOR_NAMESPACE).withName(LocalFleet.OPERATOR).get();
    Integer available = deployment == null || deployment.getStatus() == null ? null
        : deployment.getStatus().getAvailableReplicas();
    return available == null ? 0 : available;
  }

  public KubernetesClient client() {
    return plane.client();
  }

  public Kubectl kubectl() {
    return kubectl;
  }

  /** The admin kubeconfig: its server is the API server on the bridge address. */
  public Path kubeconfig() {
    return plane.adminKubeconfig();
  }

  /** The admin kubeconfig's only context. */
  public String context() {
    return plane.adminContext();
  }

  /** Mosquitto on the bridge address, which pods and this machine both reach. */
  public String brokerUrl() {
    return "tcp://" + node.hostAddress() + ":" + broker.port();
  }

  public RealNode node() {
    return node;
  }

  public RealControlPlane plane() {
    return plane;
  }

  /** Stops the broker, the node (everything it made) and the control plane. */
  @Override
  public void close() {
    closeAll(broker, node, plane, network);
  }

  private static void closeAll(AutoCloseable... parts) {
    RuntimeException failure = null;
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("stopping the node cluster failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The target/quarkus-app folder of the application whose quarkus-run.jar the system property names. */
  static Path quarkusApp(String property) {
    String jar = System.getProperty(property);
    assertThat(jar).as("system property %s (set by the e2e-tests pom)", property).isNotNull();
    return Path.of(jar).getParent();
  }

  /** Waits for {@code done}; on timeout fails with what {@code explanation} gathers then (logs, descriptions). */
  private static void awaitOrExplain(Duration bound, Duration poll, Callable<Boolean> done,
      Supplier<String> explanation) {
    try {
      Awaitility.await().atMost(bound).pollInterval(poll).until(done);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(explanation.get(), e);
    }
  }
}
