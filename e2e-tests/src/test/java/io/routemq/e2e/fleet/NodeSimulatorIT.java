package io.routemq.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet stand-in runs, scales, rolls and collects pods of the Deployments it finds. */
class NodeSimulatorIT {

  private static final String NS = "sim";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path workRoot;
  private LocalApiServer api;
  private NodeSimulator simulator;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    api = LocalApiServer.start(Path.of(System.getProperty("routemq.crd.file")));
    client = api.client();
    Path fakeWorker = Path.of(getClass().getResource("/FakeWorker.java").toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    simulator = new NodeSimulator(client, NS,
        new NodeSimulator.Options(List.of(java, "-Xmx32m", fakeWorker.toString()), workRoot, Duration.ofMillis(200)))
        .start();
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
        .withStringData(Map.of("username", "alice")).build()).create();
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("routes")
        .endMetadata().withData(Map.of("routes.json", "{\"routes\":[]}")).build()).create();
  }

  @AfterEach
  void stop() {
    simulator.close();
    api.close();
  }

  @Test
  void runsReadyPodsWithResolvedEnvironmentAndMountedFiles() throws Exception {
    client.apps().deployments().inNamespace(NS).resource(deployment(2, "v1")).create();

    await().atMost(WAIT).until(() -> readyReplicas() == 2);
    List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
    assertThat(pods).hasSize(2).allSatisfy(p -> {
      assertThat(p.getStatus().getPodIP()).startsWith("127.0.");
      assertThat(p.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));
      assertThat(p.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("web");
    });
    Pod pod = pods.get(0);
    String env = get(pod, "/env");
    assertThat(env).contains("USERNAME=alice", "POD_NAME=" + pod.getMetadata().getName(), "PLAIN=value");
    String routeFile = env.lines().filter(l -> l.startsWith("ROUTE_TABLE=")).findFirst().orElseThrow().substring(12);
    assertThat(get(pod, "/file?path=" + routeFile)).isEqualTo("{\"routes\":[]}");
  }

  @Test
  void scalesDownByTerminatingSurplusPods() {
    client.apps().deployments().inNamespace(NS).resource(deployment(3, "v1")).create();
    await().atMost(WAIT).until(() -> readyReplicas() == 3);

    client.apps().deployments().inNamespace(NS).withName("web").scale(1);

    await().atMost(WAIT).until(() -> client.pods().inNamespace(NS).list().getItems().size() == 1
        && readyReplicas() == 1);
  }

  @Test
  void rollsPodsWhenTheTemplateChanges() {
    client.apps().deployments().inNamespace(NS).resource(deployment(2, "v1")).create();
    await().atMost(WAIT).until(() -> readyReplicas() == 2);
    String oldHash = NodeSimulator.templateHash(client.apps().deployments().inNamespace(NS).withName("web").get());

    client.apps().deployments().inNamespace(NS).withName("web")
        .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editMetadata()
            .addToAnnotations("config-hash", "v2").endMetadata().endTemplate().endSpec().build());

    await().atMost(WAIT).until(() -> {
      List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
      return pods.size() == 2 && readyReplicas() == 2
          && pods.stream().noneMatch(p -> p.getMetadata().getName().contains(oldHash));
    });
  }

  @Test
  void deletesThePodsOfADeletedDeployment() {
    client.apps().deployments().inNamespace(NS).resource(deployment(2, "v1")).create();
    await().atMost(WAIT).until(() -> readyReplicas() == 2);

    client.apps().deployments().inNamespace(NS).withName("web").delete();

    await().atMost(WAIT).until(() -> client.pods().inNamespace(NS).list().getItems().isEmpty());
  }

  private int readyReplicas() {
    Deployment d = client.apps().deployments().inNamespace(NS).withName("web").get();
    return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null
        ? 0 : d.getStatus().getReadyReplicas();
  }

  private static String get(Pod pod, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + pod.getStatus().getPodIP() + ":8080" + path))
        .timeout(Duration.ofSeconds(5)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Deployment deployment(int replicas, String version) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate()
        .withNewMetadata().addToLabels("app", "web").addToAnnotations("config-hash", version).endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(5L)
        .addNewContainer()
        .withName("worker")
        .withImage("ignored")
        .addNewEnv().withName("PLAIN").withValue("value").endEnv()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("USERNAME").withNewValueFrom().withNewSecretKeyRef().withName("creds")
        .withKey("username").endSecretKeyRef().endValueFrom().endEnv()
        .addNewEnv().withName("ROUTE_TABLE").withValue("/etc/routemq/routes.json").endEnv()
        .addNewVolumeMount().withName("routes").withMountPath("/etc/routemq").withReadOnly(true).endVolumeMount()
        .endContainer()
        .addNewVolume().withName("routes").withNewConfigMap().withName("routes").endConfigMap().endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
