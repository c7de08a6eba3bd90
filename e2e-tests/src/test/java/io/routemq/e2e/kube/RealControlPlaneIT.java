package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The real control plane built from source: ready, authenticated, authorized, and running its controllers. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealControlPlaneIT {

  // Controllers and scheduler react within seconds; the bound is for a loaded 2-core CI machine.
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String NODE = "node-a";

  private static long classStart;
  private static RealControlPlane plane;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    classStart = System.nanoTime();
    // Under target/, not a temp dir: the component logs outlive a failed run for whoever reads the report.
    plane = RealControlPlane.start(Path.of("target", "real-control-plane", "RealControlPlaneIT"));
    client = plane.client();
    System.out.println("FIGURE control plane start-up " + plane.startUp().toMillis() + " ms");
    plane.rssKib().forEach((name, kib) -> System.out.println("FIGURE rss " + name + " " + kib / 1024 + " MiB"));
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
    System.out.printf("FIGURE RealControlPlaneIT total %.1f s%n", (System.nanoTime() - classStart) / 1e9);
  }

  @Test
  @Order(1)
  void apiServerIsReady() {
    assertThat(client.raw("/readyz")).isEqualTo("ok");
  }

  @Test
  @Order(2)
  void realKubectlReportsThePinnedRelease() throws Exception {
    String out = kubectl(plane.adminKubeconfig(), "get", "--raw", "/version");

    JsonNode version = Serialization.jsonMapper().readTree(out);
    assertThat(version.path("gitVersion").asText()).isEqualTo(pinnedRelease());
  }

  @Test
  @Order(3)
  void controllersAndSchedulerRunADeploymentAndCollectItsGarbage() {
    client.namespaces().resource(namespace("apps")).create();
    registerNode();
    client.apps().deployments().inNamespace("apps").resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("routemq.io/never-pulled:0").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();

    // The Deployment controller makes a ReplicaSet, the ReplicaSet controller its Pods, the scheduler binds them.
    await().atMost(WAIT).untilAsserted(() -> {
      List<ReplicaSet> sets = client.apps().replicaSets().inNamespace("apps").list().getItems();
      assertThat(sets).singleElement()
          .satisfies(rs -> assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
              .satisfies(owner -> assertThat(owner.getName()).isEqualTo("web")));
      assertThat(pods("apps")).hasSize(2).allSatisfy(pod -> {
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
            .satisfies(owner -> assertThat(owner.getName()).isEqualTo(sets.get(0).getMetadata().getName()));
        assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
      });
    });

    client.apps().deployments().inNamespace("apps").withName("web")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

    // Nobody but the garbage collector deletes the ReplicaSet and the Pods. A bound Pod is deleted gracefully: it
    // stays, terminating, until its kubelet confirms — and there is none here.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(client.apps().replicaSets().inNamespace("apps").list().getItems()).isEmpty();
      assertThat(pods("apps")).hasSize(2)
          .allSatisfy(pod -> assertThat(pod.getMetadata().getDeletionTimestamp()).isNotNull());
    });
    // What the kubelet does once the containers have stopped.
    client.pods().inNamespace("apps").withGracePeriod(0).delete();
    await().atMost(WAIT).until(() -> pods("apps").isEmpty());
  }

  @Test
  @Order(4)
  void serviceAccountTokenIsAuthorizedByRbacOnly() {
    client.namespaces().resource(namespace("rbac")).create();
    client.serviceAccounts().inNamespace("rbac")
        .resource(new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build()).create();
    Path kubeconfig = plane.kubeconfigForServiceAccount("rbac", "reader", Duration.ofMinutes(10));

    try (KubernetesClient reader = RealControlPlane.clientFor(kubeconfig)) {
      // The name in the message shows the token authenticated: the refusal is RBAC's, not an anonymous 401.
      assertThatThrownBy(() -> reader.pods().inNamespace("rbac").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("system:serviceaccount:rbac:reader");
          });

      client.rbac().roles().inNamespace("rbac").resource(new RoleBuilder()
          .withNewMetadata().withName("pod-reader").endMetadata()
          .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list").endRule().build()).create();
      client.rbac().roleBindings().inNamespace("rbac").resource(new RoleBindingBuilder()
          .withNewMetadata().withName("reader-reads-pods").endMetadata()
          .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("pod-reader")
          .endRoleRef()
          .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace("rbac").endSubject()
          .build()).create();

      // The authorizer reads RBAC objects from an informer: allow it the moment that takes.
      await().atMost(WAIT).ignoreException(KubernetesClientException.class)
          .until(() -> reader.pods().inNamespace("rbac").list().getItems().isEmpty());
    }
  }

  @Test
  @Order(5)
  void apiServerRestartsOnTheSamePortAndData() {
    client.namespaces().resource(namespace("kept")).create();

    plane.stopApiServer();
    assertThat(plane.apiServerReady()).isFalse();
    plane.startApiServer();

    assertThat(plane.apiServerReady()).isTrue();
    assertThat(client.namespaces().withName("kept").get()).isNotNull();
  }

  @Test
  @Order(100)
  void closeLeavesNoComponentRunning() {
    Map<String, Long> pids = plane.pids();
    assertThat(pids).containsOnlyKeys("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");
    assertThat(pids.values()).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d alive", pid).isTrue());

    plane.close();

    assertThat(pids).allSatisfy((name, pid) -> assertThat(alive(pid)).as("%s (pid %d) alive", name, pid).isFalse());
  }

  private static void registerNode() {
    Map<String, Quantity> capacity =
        Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110"));
    Node node = new NodeBuilder().withNewMetadata().withName(NODE).endMetadata()
        .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withLastHeartbeatTime(Instant.now().toString()).withLastTransitionTime(Instant.now().toString())
        .endCondition().endStatus().build();
    client.nodes().resource(node).create();
    // Status is a subresource: written through /status, as a kubelet does, whatever the create kept of it.
    client.nodes().withName(NODE).editStatus(n -> new NodeBuilder(n).withStatus(node.getStatus()).build());
  }

  private static List<Pod> pods(String namespace) {
    return client.pods().inNamespace(namespace).list().getItems();
  }

  private static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The Kubernetes release e2e-tests/kubernetes/go.mod pins: what the binaries must report. */
  private static String pinnedRelease() throws IOException {
    Path goMod = KubeComponents.repoRoot(Path.of("").toAbsolutePath()).orElseThrow()
        .resolve("e2e-tests/kubernetes/go.mod");
    return Files.readAllLines(goMod).stream().map(String::trim)
        .filter(line -> line.startsWith("k8s.io/kubernetes "))
        .map(line -> line.split("\\s+")[1]).findFirst().orElseThrow();
  }

  private static String kubectl(Path kubeconfig, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl %s: %s", command, out).isZero();
    return out;
  }
}
