package io.routemq.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The namespaced install, as kubectl renders deploy/overlays/namespaced, grants in its own namespace exactly what
 * the cluster-wide install (deploy/) grants everywhere, creates no cluster-wide RBAC and watches only that namespace.
 */
class RbacOverlayTest {
  private static final String ROLE = "routemq-operator";
  private static final ObjectMapper SINGLE_QUOTED =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  private final Rendered clusterWide = Kustomize.render("");
  private final Rendered namespaced = Kustomize.render("overlays/namespaced");
  private final String namespace = OperatorDeployment.in(namespaced).at("/metadata/namespace").asText();

  /** JSON written with single quotes, so the expected objects read as they would in a manifest. */
  private static JsonNode json(String format, Object... args) {
    try {
      return SINGLE_QUOTED.readTree(String.format(format, args));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(format, e);
    }
  }

  @Test
  void theNamespacedRoleHasTheClusterRolesRules() {
    JsonNode clusterRules = clusterWide.find("ClusterRole", ROLE).path("rules");
    assertThat(clusterRules).as("rules of the cluster-wide ClusterRole").isNotEmpty();
    assertThat(namespaced.find("Role", ROLE).path("rules")).isEqualTo(clusterRules);
  }

  @Test
  void theRoleIsBoundToTheOperatorsServiceAccountInItsNamespace() {
    JsonNode binding = namespaced.find("RoleBinding", ROLE);
    assertThat(binding.at("/metadata/namespace").asText()).isEqualTo(namespace);
    assertThat(binding.path("roleRef"))
        .isEqualTo(json("{'apiGroup': 'rbac.authorization.k8s.io', 'kind': 'Role', 'name': '%s'}", ROLE));
    String account = OperatorDeployment.in(namespaced).at("/spec/template/spec/serviceAccountName").asText();
    assertThat(binding.path("subjects"))
        .isEqualTo(json("[{'kind': 'ServiceAccount', 'name': '%s', 'namespace': '%s'}]", account, namespace));
    assertThat(namespaced.find("ServiceAccount", account).at("/metadata/namespace").asText()).isEqualTo(namespace);
  }

  @Test
  void createsNoClusterScopedRbac() {
    assertThat(namespaced.ids()).noneMatch(id -> id.startsWith("ClusterRole"));
    // kustomize sets the namespace of every namespaced kind it knows: what has none is cluster-scoped. Only the
    // Namespace itself is, and it is the one everything else goes into.
    List<String> clusterScoped = namespaced.objects().stream().filter(o -> !o.path("metadata").has("namespace"))
        .map(o -> o.path("kind").asText() + " " + Rendered.name(o)).toList();
    assertThat(clusterScoped).containsExactly("Namespace " + namespace);
  }

  @Test
  void theOperatorWatchesOnlyItsOwnNamespace() {
    JsonNode watch = OperatorDeployment.env(OperatorDeployment.in(namespaced), OperatorDeployment.WATCH_ENV);
    // The Downward API's metadata.namespace is the pod's namespace: the one the Deployment is in.
    assertThat(watch).isEqualTo(json("{'name': '%s', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.namespace'}}}",
        OperatorDeployment.WATCH_ENV));
    assertThat(OperatorDeployment.env(OperatorDeployment.in(clusterWide), OperatorDeployment.WATCH_ENV)
        .path("value").asText()).isEqualTo("JOSDK_ALL_NAMESPACES");
  }

  @Test
  void theDeploymentIsTheClusterWideOneApartFromTheWatchedNamespaces() {
    // The overlay's patch replaces an env entry by its index: this catches it replacing another setting.
    assertThat(OperatorDeployment.withoutEnv(OperatorDeployment.in(namespaced), OperatorDeployment.WATCH_ENV))
        .isEqualTo(OperatorDeployment.withoutEnv(OperatorDeployment.in(clusterWide), OperatorDeployment.WATCH_ENV));
  }
}
