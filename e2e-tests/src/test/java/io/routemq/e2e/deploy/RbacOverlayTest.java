package io.routemq.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The namespaced install grants in one namespace exactly what the cluster-wide install grants everywhere. */
class RbacOverlayTest {
  private static final Path CLUSTER_RBAC = DeployManifestsTest.DEPLOY.resolve("operator/rbac.yaml");
  private static final Path OVERLAY = DeployManifestsTest.DEPLOY.resolve("overlays/namespaced");

  private static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())
        && name.equals(d.path("metadata").path("name").asText())).findFirst().orElseThrow();
  }

  @Test
  void theNamespacedRoleHasTheClusterRolesRules() throws Exception {
    JsonNode clusterRole = find(DeployManifestsTest.documents(CLUSTER_RBAC), "ClusterRole", "routemq-operator");
    JsonNode role = find(DeployManifestsTest.documents(OVERLAY.resolve("role.yaml")), "Role", "routemq-operator");
    assertThat(role.path("rules")).isEqualTo(clusterRole.path("rules"));
  }

  @Test
  void theOverlayRemovesTheClusterWideRbacAndCreatesNone() throws Exception {
    List<JsonNode> deletes = DeployManifestsTest.documents(OVERLAY.resolve("no-cluster-rbac.yaml"));
    assertThat(deletes).extracting(d -> d.path("kind").asText() + " " + d.path("$patch").asText())
        .containsExactlyInAnyOrder("ClusterRole delete", "ClusterRoleBinding delete");
    assertThat(DeployManifestsTest.documents(OVERLAY.resolve("role.yaml")))
        .noneMatch(d -> d.path("kind").asText().startsWith("Cluster"));
  }
}
