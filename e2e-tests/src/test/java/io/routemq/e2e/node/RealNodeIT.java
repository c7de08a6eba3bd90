package io.routemq.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.e2e.fleet.DemoCluster;
import io.routemq.e2e.kube.RealControlPlane;
import io.routemq.operator.reconcile.RouteConfigMaps;
import io.routemq.operator.reconcile.WorkerDeployments;
import io.routemq.worker.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real worker image on a real node: kubelet v1.37 on containerd and runc runs the worker Deployment the
 * operator would make (WorkerDeployments and RouteConfigMaps, so the route table is mounted as in production, and the
 * restricted security context applies), against a Mosquitto on the host's pod-bridge address. The readiness probe,
 * the message path and the SIGTERM/grace path are the real ones. Needs root and the node's packages (-Pnode).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeIT {

  private static final String NAMESPACE = "routemq-node-it";
  // A JVM on 2 shared cores: the worker is Ready in seconds; the bounds are for a loaded CI machine.
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int MESSAGES = 50;
  // Under target/, not a temp dir: the node's and components' logs outlive a failed run (the node's own part moves to
  // a shorter folder when target/ is too deep for its unix sockets: RealNode.runDir).
  private static final Path WORK = Path.of("target", "real-node").toAbsolutePath();

  private static long classStart;
  private static RealControlPlane plane;
  private static RealNode node;
  private static MosquittoBroker broker;
  private static KubernetesClient client;
  private static String readyPod;

  @BeforeAll
  static void start() {
    classStart = System.nanoTime();
    plane = RealControlPlane.start(WORK.resolve("control-plane"));
    client = plane.client();
    node = RealNode.start(plane, RealNode.runDir(WORK.resolve("node")));
    // After the node: the broker binds the bridge address, which start-node.sh creates.
    broker = MosquittoBroker.start(WORK.resolve("mosquitto"), node.hostAddress());
    System.out.println("FIGURE control plane start-up " + plane.startUp().toMillis() + " ms");
    System.out.println("FIGURE node start-up " + node.startUp().toMillis() + " ms");
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
    if (node != null) {
      node.close();
    }
    if (plane != null) {
      plane.close();
    }
    System.out.printf("FIGURE RealNodeIT total %.1f s%n", (System.nanoTime() - classStart) / 1e9);
  }

  @Test
  @Order(1)
  void imagesBuiltWithoutDockerImportIntoTheNode() throws Exception {
    long begin = System.nanoTime();
    Path base = NodeImages.javaBase(WORK.resolve("logs"));
    Path images = WORK.resolve("images");
    Path worker = NodeImages.build(AppImage.worker(NodeCluster.quarkusApp("routemq.worker.app")), base, images);
    Path operator =
        NodeImages.build(AppImage.operator(NodeCluster.quarkusApp("routemq.operator.app")), base, images);
    double buildSeconds = (System.nanoTime() - begin) / 1e9;

    Duration workerImport = node.importImage(worker);
    Duration operatorImport = node.importImage(operator);

    long workerMb = Files.size(worker) >> 20;
    long operatorMb = Files.size(operator) >> 20;
    System.out.printf("BENCH images worker_mb=%d operator_mb=%d build_s=%.1f%n", workerMb, operatorMb, buildSeconds);
    System.out.printf("FIGURE image import worker %d ms, operator %d ms%n", workerImport.toMillis(),
        operatorImport.toMillis());
    assertThat(workerMb).as("worker image MB (target: 250)").isLessThanOrEqualTo(250);
  }

  @Test
  @Order(2)
  void workerPodTurnsReadyThroughTheKubeletsReadinessProbe() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    // The API server refuses pods until the controller manager has made the namespace's default ServiceAccount.
    await().atMost(WAIT).until(() -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);

    RouteMQCluster cluster = DemoCluster.load(NAMESPACE, broker.url());
    cluster.getSpec().getBroker().setDrainMode(DrainMode.Unsubscribe);
    cluster.getSpec().getWorker().setImage(AppImage.WORKER);
    cluster.getSpec().getWorker().setImagePullPolicy("Never");
    GroupSpec group = telemetry(cluster);
    // A Burstable pod with a memory limit: the JVM sizes its heap from the cgroup, as it would in production.
    group.setResources(new ResourceRequirementsBuilder()
        .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")))
        .withLimits(Map.of("memory", new Quantity("512Mi"))).build());
    String routes = RouteConfigMaps.routeTableJson(cluster, group);
    ConfigMap configMap = RouteConfigMaps.desired(cluster, group, routes);
    Deployment deployment = WorkerDeployments.desired(cluster, group, 1, RouteConfigMaps.hash(routes));
    // No operator and no RouteMQCluster object here: the garbage collector would delete children whose owner does
    // not exist, so the owner reference goes. Everything else is what the operator applies.
    configMap.getMetadata().setOwnerReferences(null);
    deployment.getMetadata().setOwnerReferences(null);
    client.configMaps().inNamespace(NAMESPACE).resource(configMap).create();
    long begin = System.nanoTime();
    client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();

    await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> workerPods().stream().anyMatch(RealNodeIT::ready));
    Pod pod = workerPods().stream().filter(RealNodeIT::ready).findFirst().orElseThrow();
    readyPod = pod.getMetadata().getName();
    System.out.printf("FIGURE worker pod Ready %.1f s after the Deployment was created%n",
        (System.nanoTime() - begin) / 1e9);

    assertThat(pod.getSpec().getNodeName()).isEqualTo(node.name());
    assertThat(pod.getStatus().getPodIP()).startsWith("10.244.0.");
    assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(c -> {
      assertThat(c.getImage()).isEqualTo(AppImage.WORKER);
      assertThat(c.getRestartCount()).isZero();
    });
    // The route table arrived through the ConfigMap mount: the worker said which routes it serves (API server ->
    // kubelet, the flags the real node needed).
    String log = client.pods().inNamespace(NAMESPACE).withName(readyPod).getLog();
    assertThat(log).contains("starting: group").contains("sensors/+/telemetry");
  }

  @Test
  @Order(3)
  void restrictedSecurityContextIsEnforcedInsideTheContainer() throws Exception {
    // Through the API server's exec (its kubelet flags) into the worker; the image has dash and no coreutils.
    String script = "while read -r k v; do case $k in Uid:|Seccomp:|NoNewPrivs:|CapEff:) echo \"$k $v\";; esac; "
        + "done < /proc/1/status; if ( : > /deployments/probe ) 2>/dev/null; then echo root-fs writable; "
        + "else echo root-fs read-only; fi; if ( : > /tmp/probe ) 2>/dev/null; then echo tmp writable; fi";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExecWatch exec = client.pods().inNamespace(NAMESPACE).withName(readyPod)
        .inContainer(WorkerDeployments.CONTAINER).writingOutput(out).writingError(out).exec("sh", "-c", script)) {
      assertThat(exec.exitCode().get(30, TimeUnit.SECONDS)).as("exec output: %s", out).isZero();
    }
    String status = out.toString(StandardCharsets.UTF_8);
    System.out.println("FIGURE worker container: " + status.replace('\n', ';'));
    // User 185 from the image (runAsNonRoot), seccomp in filter mode (RuntimeDefault), no privilege escalation, all
    // capabilities dropped, a read-only root with a writable /tmp (the emptyDir).
    assertThat(status).contains("Uid: 185\t185\t185\t185", "Seccomp: 2", "NoNewPrivs: 1",
        "CapEff: 0000000000000000", "root-fs read-only", "tmp writable");
  }

  @Test
  @Order(4)
  void workerInThePodProcessesWhatIsPublishedOnTheHostBroker() throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    Mqtt5AsyncClient subscriber = mqtt("node-it-subscriber");
    Mqtt5AsyncClient publisher = mqtt("node-it-publisher");
    try {
      subscriber.connect().join();
      publisher.connect().join();
      subscriber.subscribeWith().topicFilter(DemoCluster.OUTPUT_FILTER).qos(MqttQos.AT_LEAST_ONCE)
          .callback(p -> received.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
          .send().join();
      long begin = System.nanoTime();
      for (int i = 0; i < MESSAGES; i++) {
        publisher.publishWith().topic("sensors/device-" + (i % 5) + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
            .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send().join();
      }

      await().atMost(WAIT).until(() -> received.size() == MESSAGES);
      System.out.printf("FIGURE %d messages through the pod in %.1f s%n", MESSAGES, (System.nanoTime() - begin) / 1e9);
      assertThat(received).contains("processed/device-0 m0", "processed/device-4 m49");
    } finally {
      subscriber.disconnect();
      publisher.disconnect();
    }
  }

  @Test
  @Order(5)
  void deletingThePodDrainsThroughTheRealSigtermAndGracePeriod() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AtomicReference<Pod> lastSeen = new AtomicReference<>();
    // Follow the log from now (the kubelet streams it until the container exits) and the pod's last status.
    try (LogWatch follow = client.pods().inNamespace(NAMESPACE).withName(readyPod).watchLog(log);
        Watch watch = client.pods().inNamespace(NAMESPACE).withName(readyPod).watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            lastSeen.set(pod);
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
      long begin = System.nanoTime();
      // Graceful: the template's terminationGracePeriodSeconds (drain timeout + margin) applies.
      client.pods().inNamespace(NAMESPACE).withName(readyPod).delete();

      await().atMost(WAIT).until(() -> client.pods().inNamespace(NAMESPACE).withName(readyPod).get() == null);
      System.out.printf("FIGURE pod deleted (SIGTERM, drain, exit, gone) in %.1f s%n",
          (System.nanoTime() - begin) / 1e9);
      await().atMost(Duration.ofSeconds(10)).until(() -> log.toString(StandardCharsets.UTF_8).contains("drained"));
    }
    String output = log.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("drained mode=unsubscribe").contains("left_unacked=0");
    Pod last = lastSeen.get();
    assertThat(last).isNotNull();
    ContainerStateTerminated terminated = last.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    System.out.println("FIGURE last status of the deleted pod: " + terminated);
    if (terminated != null) {
      // A complete drain in a shared group ends the broker session and says so in the termination message.
      assertThat(terminated.getExitCode()).isZero();
      assertThat(terminated.getMessage()).contains("routemq: session ended");
    }
  }

  @Test
  @Order(100)
  void closeLeavesNothingOnTheMachine() {
    broker.close();
    node.close();

    assertThat(node.leftovers()).isEmpty();
  }

  private static GroupSpec telemetry(RouteMQCluster cluster) {
    return cluster.getSpec().getGroups().stream().filter(g -> g.getName().equals("telemetry")).findFirst()
        .orElseThrow();
  }

  private static List<Pod> workerPods() {
    return client.pods().inNamespace(NAMESPACE).list().getItems();
  }

  private static boolean ready(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch((PodCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Mqtt5AsyncClient mqtt(String id) {
    return Mqtt5Client.builder().identifier(id).serverHost(node.hostAddress()).serverPort(broker.port()).buildAsync();
  }
}
