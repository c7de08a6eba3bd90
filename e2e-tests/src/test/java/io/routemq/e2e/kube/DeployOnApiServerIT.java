package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.e2e.deploy.Kustomize;
import io.routemq.e2e.deploy.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kustomizations of deploy/ applied to a real API server with the real kubectl, as the README installs them:
 * {@code kubectl apply -k deploy/}, then the namespaced overlay with its namespace changed to team-a as its comment
 * says. The server stores what kubectl renders, the CRD is Established, the operator's Deployment gets Pods under
 * its ServiceAccount (Pending: no kubelet runs), and the real RBAC authorizer gives each install's ServiceAccount
 * what the operator needs and nothing it does not.
 */
class DeployOnApiServerIT {
  private static final Path DEPLOY = CorpusOnApiServer.REPO.resolve("deploy");
  private static final String OPERATOR = "routemq-operator";
  private static final String TEAM = "team-a";
  // The controllers and the RBAC authorizer's informers react within seconds; the bound is for a loaded machine.
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static RealControlPlane plane;
  private static Kubectl kubectl;
  private static Path namespacedCopy;

  @BeforeAll
  static void applyDeploy() throws IOException {
    Path workDir = Path.of("target", "real-control-plane", "DeployOnApiServerIT");
    plane = RealControlPlane.start(workDir);
    kubectl = new Kubectl(plane.adminKubeconfig());
    kubectl.ok("apply", "-k", DEPLOY.toString());
    namespacedCopy = namespacedOverlayFor(TEAM, workDir.resolve("deploy-copy"));
    kubectl.ok("apply", "-k", namespacedCopy.toString());
    // The authorizer reads RBAC objects through informers: wait until both installs' rights have arrived.
    await().atMost(WAIT).until(() -> allowed("routemq-system", "list", "routemqclusters.routemq.io", "", "*")
        && allowed(TEAM, "list", "routemqclusters.routemq.io", "", TEAM));
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void crdIsEstablished() {
    kubectl.ok("wait", "--for=condition=Established", "--timeout=60s", "crd/routemqclusters.routemq.io");
  }

  @Test
  void serverStoresEveryObjectOfDeployAsRendered() {
    assertStoredAsRendered(Kustomize.render(""));
  }

  @Test
  void serverStoresEveryObjectOfTheNamespacedOverlayAsRendered() {
    Rendered overlay = Kustomize.render(namespacedCopy);
    assertThat(overlay.ids()).contains("Namespace " + TEAM).noneMatch(id -> id.startsWith("ClusterRole"));
    assertStoredAsRendered(overlay);
  }

  @Test
  void operatorDeploymentsGetPendingPodsUnderTheOperatorsServiceAccount() {
    for (String namespace : List.of("routemq-system", TEAM)) {
      int replicas = plane.client().apps().deployments().inNamespace(namespace).withName(OPERATOR).get()
          .getSpec().getReplicas();
      // The ReplicaSet controller creates the Pods; admission mounts the ServiceAccount's token into each.
      await().atMost(WAIT).untilAsserted(() -> assertThat(operatorPods(namespace)).hasSize(replicas)
          .allSatisfy(pod -> {
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(OPERATOR);
            assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getName()).startsWith("kube-api-access-"));
            assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
          }));
    }
  }

  @ParameterizedTest(name = "{0}: {1} {2} {3} {4} in {5}")
  @CsvSource(delimiter = '|', nullValues = "", textBlock = """
      # account ns  | allowed | verb   | resource                                  | subresource | namespace (* all)
      routemq-system| yes     | list   | routemqclusters.routemq.io                |             | *
      routemq-system| yes     | watch  | routemqclusters.routemq.io                |             | *
      routemq-system| yes     | patch  | routemqclusters.routemq.io                | status      | iot
      routemq-system| no      | patch  | routemqclusters.routemq.io                |             | iot
      routemq-system| no      | update | routemqclusters.routemq.io                |             | iot
      routemq-system| no      | delete | routemqclusters.routemq.io                |             | iot
      routemq-system| yes     | watch  | deployments.apps                          |             | *
      routemq-system| yes     | create | deployments.apps                          |             | iot
      routemq-system| yes     | patch  | deployments.apps                          |             | iot
      routemq-system| yes     | delete | deployments.apps                          |             | iot
      routemq-system| yes     | create | configmaps                                |             | iot
      routemq-system| yes     | create | poddisruptionbudgets.policy               |             | iot
      routemq-system| yes     | create | horizontalpodautoscalers.autoscaling      |             | iot
      routemq-system| yes     | watch  | pods                                      |             | *
      routemq-system| yes     | create | pods                                      |             | iot
      routemq-system| yes     | delete | pods                                      |             | iot
      routemq-system| no      | create | pods                                      | exec        | iot
      routemq-system| yes     | get    | secrets                                   |             | iot
      routemq-system| no      | list   | secrets                                   |             | iot
      routemq-system| no      | watch  | secrets                                   |             | iot
      routemq-system| no      | delete | secrets                                   |             | iot
      routemq-system| yes     | create | events                                    |             | iot
      routemq-system| yes     | create | leases.coordination.k8s.io                |             | routemq-system
      routemq-system| yes     | patch  | leases.coordination.k8s.io                |             | routemq-system
      routemq-system| yes     | update | leases.coordination.k8s.io                |             | routemq-system
      routemq-system| no      | create | leases.coordination.k8s.io                |             | iot
      routemq-system| no      | create | clusterroles.rbac.authorization.k8s.io    |             | *
      routemq-system| no      | create | rolebindings.rbac.authorization.k8s.io    |             | iot
      routemq-system| no      | delete | namespaces                                |             | *
      team-a        | yes     | list   | routemqclusters.routemq.io                |             | team-a
      team-a        | yes     | patch  | routemqclusters.routemq.io                | status      | team-a
      team-a        | yes     | create | deployments.apps                          |             | team-a
      team-a        | yes     | create | pods                                      |             | team-a
      team-a        | yes     | get    | secrets                                   |             | team-a
      team-a        | yes     | create | events                                    |             | team-a
      team-a        | yes     | create | leases.coordination.k8s.io                |             | team-a
      team-a        | no      | list   | secrets                                   |             | team-a
      team-a        | no      | list   | routemqclusters.routemq.io                |             | routemq-system
      team-a        | no      | list   | routemqclusters.routemq.io                |             | *
      team-a        | no      | create | deployments.apps                          |             | iot
      """)
  void operatorServiceAccountMayDoWhatTheOperatorNeedsAndNothingElse(String account, String allowed, String verb,
      String resource, String subresource, String namespace) {
    String sub = subresource == null ? "" : subresource;
    assertThat(allowed(account, verb, resource, sub, namespace) ? "yes" : "no")
        .as("may %s:%s %s %s%s in %s", account, OPERATOR, verb, resource, sub.isEmpty() ? "" : "/" + sub, namespace)
        .isEqualTo(allowed);
  }

  /** The real authorizer's answer for the operator's ServiceAccount in {@code account} ("*": all namespaces). */
  private static boolean allowed(String account, String verb, String resource, String subresource, String namespace) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resource,
        namespace.equals("*") ? "--all-namespaces" : "--namespace=" + namespace,
        "--as=system:serviceaccount:" + account + ":" + OPERATOR));
    if (!subresource.isEmpty()) {
      args.add("--subresource=" + subresource);
    }
    Kubectl.Result answer = kubectl.run(args.toArray(String[]::new));
    // can-i also answers "no" for a resource the server does not know, with a warning: a typo must not pass.
    assertThat(answer.err()).as("%s", answer).doesNotContain("Warning");
    assertThat(answer.exitCode()).as("%s", answer).isIn(0, 1);
    return answer.exitCode() == 0;
  }

  private static void assertStoredAsRendered(Rendered rendered) {
    for (JsonNode object : rendered.objects()) {
      String namespace = object.path("metadata").path("namespace").asText(null);
      var resources = plane.client()
          .genericKubernetesResources(object.path("apiVersion").asText(), object.path("kind").asText());
      GenericKubernetesResource stored = namespace == null ? resources.withName(Rendered.name(object)).get()
          : resources.inNamespace(namespace).withName(Rendered.name(object)).get();
      assertThat(stored).as("%s %s stored", object.path("kind").asText(), Rendered.name(object)).isNotNull();
      assertThat(StoredAsRendered.differences(object, Serialization.jsonMapper().valueToTree(stored)))
          .as("%s %s stored as rendered", object.path("kind").asText(), Rendered.name(object)).isEmpty();
    }
  }

  private static List<Pod> operatorPods(String namespace) {
    return plane.client().pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", OPERATOR).list()
        .getItems();
  }

  /**
   * deploy/operator and deploy/overlays/namespaced copied under {@code into}, with the overlay's namespace line
   * changed to {@code namespace}: what its comment tells a user to do. Returns the copied overlay.
   */
  private static Path namespacedOverlayFor(String namespace, Path into) throws IOException {
    for (String folder : List.of("operator", "overlays/namespaced")) {
      Path source = DEPLOY.resolve(folder);
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Path target = into.resolve(folder).resolve(source.relativize(file).toString());
          Files.createDirectories(target.getParent());
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path overlay = into.resolve("overlays/namespaced");
    Path kustomization = overlay.resolve("kustomization.yaml");
    String text = Files.readString(kustomization);
    assertThat(text).as("the overlay names its namespace on one line").containsOnlyOnce("\nnamespace: routemq-system\n");
    Files.writeString(kustomization, text.replace("\nnamespace: routemq-system\n", "\nnamespace: " + namespace + "\n"));
    return overlay.toAbsolutePath();
  }
}
