package io.routemq.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.e2e.kube.RealControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kubelet stand-in on the real control plane, with a small fake container (FakeWorker.java) instead of the
 * worker: the real Deployment and ReplicaSet controllers make the pods, the real scheduler binds them, the stand-in
 * runs them as a kubelet would.
 */
class KubeletStandInIT {
  private static final String NS = "kubelet";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static RealControlPlane plane;
  private static KubernetesClient client;
  private static KubeletStandIn kubelet;

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of(System.getProperty("routemq.e2e.dumpDir", "target/e2e-dumps"), "kubelet-stand-in")
        .toAbsolutePath();
    plane = RealControlPlane.start(work.resolve("control-plane"));
    client = plane.client();
    ClusterInstall.namespace(client, NS);
    // Every test's Deployment mounts it.
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("routes")
        .endMetadata().addToData("routes.json", "{}").build()).create();
    Path fakeWorker = Path.of(KubeletStandInIT.class.getResource("/FakeWorker.java").toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    kubelet = new KubeletStandIn(client, new KubeletStandIn.Options("node-a",
        List.of(java, "-Xmx32m", fakeWorker.toString()), work.resolve("pods"), Duration.ofMillis(200)))
        .start(plane.kubernetesVersion());
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void runsTheDeploymentsPodsReadyWithTheirEnvironmentAndFilesAndKeepsTheNodeAlive() throws Exception {
    client.apps().deployments().inNamespace(NS).resource(deployment("web", 2)).create();

    await().atMost(WAIT).until(() -> readyPods("web") == 2);
    KubeletStandIn.PodView pod = kubelet.pods("web").get(0);
    String env = get("http://" + pod.ip() + ":" + WorkerContract.HTTP_PORT + "/env");
    assertThat(env).contains("POD=" + pod.name());
    String routes = env.lines().filter(l -> l.startsWith("ROUTES=")).findFirst().orElseThrow().substring(7);
    assertThat(get("http://" + pod.ip() + ":" + WorkerContract.HTTP_PORT + "/file?path=" + routes))
        .as("the ConfigMap mounted where the env points").isEqualTo("{}");
    Pod object = client.pods().inNamespace(NS).withName(pod.name()).get();
    assertThat(object.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(object.getStatus().getPodIP()).isEqualTo(pod.ip());
    assertThat(object.getStatus().getQosClass()).as("what the API server set is kept").isNotBlank();
    await().atMost(WAIT).until(() -> Integer.valueOf(2).equals(
        client.apps().deployments().inNamespace(NS).withName("web").get().getStatus().getReadyReplicas()));
    assertThat(client.leases().inNamespace("kube-node-lease").withName("node-a").get().getSpec().getRenewTime())
        .isNotNull();
    assertThat(client.nodes().withName("node-a").get().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
  }

  @Test
  void aScaleDownStopsThePodWithSigtermAndRemovesIt() {
    client.apps().deployments().inNamespace(NS).resource(deployment("down", 2)).create();
    await().atMost(WAIT).until(() -> readyPods("down") == 2);
    int before = kubelet.terminations().size();

    client.apps().deployments().inNamespace(NS).withName("down").scale(1);

    await().atMost(WAIT).until(() -> podObjects("down") == 1 && kubelet.pods("down").size() == 1);
    assertThat(kubelet.terminations().subList(before, kubelet.terminations().size()))
        .singleElement().satisfies(t -> assertThat(t.graceful()).isTrue());
  }

  @Test
  void aPodDeletedWithoutGraceIsKilledAndReplacedUnderANewName() {
    client.apps().deployments().inNamespace(NS).resource(deployment("force", 1)).create();
    await().atMost(WAIT).until(() -> readyPods("force") == 1);
    KubeletStandIn.PodView victim = kubelet.pods("force").get(0);

    client.pods().inNamespace(NS).withName(victim.name()).withGracePeriod(0).delete();

    await().atMost(WAIT).until(() -> readyPods("force") == 1
        && !kubelet.pods("force").get(0).name().equals(victim.name()));
    assertThat(ProcessHandle.of(victim.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aCrashedContainerIsRestartedInTheSamePod() {
    client.apps().deployments().inNamespace(NS).resource(deployment("crash", 1)).create();
    await().atMost(WAIT).until(() -> readyPods("crash") == 1);
    KubeletStandIn.PodView pod = kubelet.pods("crash").get(0);

    kubelet.crash(pod.name());

    await().atMost(WAIT).until(() -> kubelet.pods("crash").stream()
        .anyMatch(p -> p.name().equals(pod.name()) && p.restarts() == 1 && p.ready()));
    // The status reaches the API server just after the stand-in's own view changes.
    await().atMost(WAIT).untilAsserted(() -> assertThat(client.pods().inNamespace(NS).withName(pod.name()).get()
        .getStatus().getContainerStatuses().get(0)).satisfies(s -> {
          assertThat(s.getRestartCount()).isEqualTo(1);
          assertThat(s.getReady()).isTrue();
          assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        }));
  }

  @Test
  void aPodThatRunsOnceEndsWithItsExitCodeAndTerminationMessage() {
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("once").endMetadata()
        .withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("worker").withImage("fake")
        .addNewEnv().withName("FAKE_EXIT_CODE").withValue("0").endEnv()
        .addNewEnv().withName("FAKE_TERMINATION_MESSAGE").withValue("{\"done\":true}").endEnv()
        .endContainer().endSpec().build()).create();

    await().atMost(WAIT).until(() -> "Succeeded".equals(phase("once")));
    var state = client.pods().inNamespace(NS).withName("once").get().getStatus().getContainerStatuses().get(0)
        .getState();
    assertThat(state.getTerminated().getExitCode()).isZero();
    assertThat(state.getTerminated().getMessage()).isEqualTo("{\"done\":true}");
  }

  private static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(10L)
        .addNewContainer().withName("worker").withImage("fake")
        .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("ROUTES").withValue("/etc/routemq/routes.json").endEnv()
        .addNewVolumeMount().withName("routes").withMountPath("/etc/routemq").endVolumeMount()
        .withNewReadinessProbe().withNewHttpGet().withPath(WorkerContract.READINESS_PATH)
        .withNewPort(WorkerContract.HTTP_PORT).endHttpGet().endReadinessProbe()
        .endContainer()
        .addNewVolume().withName("routes").withNewConfigMap().withName("routes").endConfigMap().endVolume()
        .endSpec().endTemplate().endSpec().build();
  }

  private static long readyPods(String deployment) {
    return kubelet.pods(deployment).stream().filter(KubeletStandIn.PodView::ready).count();
  }

  private static long podObjects(String deployment) {
    return client.pods().inNamespace(NS).withLabel("app", deployment).list().getItems().size();
  }

  private static String phase(String pod) {
    Pod p = client.pods().inNamespace(NS).withName(pod).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
