package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.e2e.fleet.LocalFleet;
import io.routemq.e2e.kube.KStatus;
import io.routemq.e2e.kube.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a GitOps tool sees, on the real control plane with the operator running: the cluster is applied with
 * server-side apply under Flux's field manager, and its status is judged by kstatus itself (cli-utils, built from
 * its module) — the rules Flux's health checks and kpt use. The tool must see the cluster in progress, then
 * current, failed on a spec only the operator can refuse, current again once fixed; and it must stay the only
 * owner of the spec, so re-applying its manifest never conflicts with the operator.
 */
class GitOpsStatusE2E {
  /** The field manager Flux's kustomize-controller applies with. */
  private static final String MANAGER = "kustomize-controller";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void kstatusFollowsTheClusterAndTheToolStaysTheSpecsOnlyOwner() throws Exception {
    KStatus kstatus = KStatus.locate();
    Path dir = Path.of(System.getProperty("routemq.e2e.dumpDir", "target/e2e-dumps"), "gitops");
    Files.createDirectories(dir);
    Path manifest = dir.resolve("cluster.yaml");
    List<String> verdicts = new ArrayList<>();
    try (FleetFixture f = FleetFixture.start("hivemq", "gitops", FleetFixture.fixedTelemetryGroup(2),
        (fleet, cluster) -> apply(kubectl(fleet), manifest, cluster))) {
      Kubectl kubectl = kubectl(f.fleet);
      verdicts.add(verdict(kstatus, kubectl).status());

      await().atMost(StepScenario.WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
        String now = verdict(kstatus, kubectl).status();
        verdicts.add(now);
        return "Current".equals(now) && f.readyWorkers() == 2;
      });
      System.out.println("FIGURE gitops verdicts from apply to ready: " + collapse(verdicts));
      // In progress from the apply on (before the operator has written a status: the CRD's status default), never
      // current before the workers are ready.
      assertThat(verdicts.subList(0, verdicts.size() - 1)).as("verdicts before the last").isNotEmpty()
          .containsOnly("InProgress");

      assertOnlyTheToolOwnsTheSpec(kubectl);
      // Re-applying the same manifest without forcing conflicts: what a GitOps tool does on every sync.
      apply(kubectl, manifest, f.cluster());
      Kubectl.Result diff = kubectl.run("diff", "--server-side", "--field-manager=" + MANAGER, "-f",
          manifest.toString());
      assertThat(diff.exitCode()).as("kubectl diff finds nothing to change: %s", diff).isZero();

      long deploymentGeneration = deploymentGeneration(f);
      RouteMQCluster broken = f.cluster();
      broken.getSpec().getGroups().get(0).getRoutes().get(0).setHandler(new HandlerSpec("no-such-handler", Map.of()));
      apply(kubectl, manifest, broken);
      KStatus.Verdict failed = await().atMost(StepScenario.WAIT).pollInterval(Duration.ofMillis(500))
          .until(() -> verdict(kstatus, kubectl), v -> "Failed".equals(v.status()));
      System.out.println("FIGURE gitops failed verdict: " + failed.message());
      assertThat(failed.message()).contains("no-such-handler");
      assertThat(deploymentGeneration(f)).as("the running workers were not touched").isEqualTo(deploymentGeneration);

      RouteMQCluster fixed = f.cluster();
      fixed.getSpec().getGroups().get(0).getRoutes().get(0)
          .setHandler(FleetFixture.fixedTelemetryGroup(2).getRoutes().get(0).getHandler());
      apply(kubectl, manifest, fixed);
      await().atMost(StepScenario.WAIT).pollInterval(Duration.ofMillis(500))
          .until(() -> "Current".equals(verdict(kstatus, kubectl).status()));
      RouteMQCluster current = f.cluster();
      assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
      assertOnlyTheToolOwnsTheSpec(kubectl);
    }
  }

  private static Kubectl kubectl(LocalFleet fleet) {
    return new Kubectl(fleet.adminKubeconfig());
  }

  /** Writes the cluster's spec as the tool's manifest and applies it server-side as the tool does. */
  private static void apply(Kubectl kubectl, Path manifest, RouteMQCluster cluster) {
    RouteMQCluster desired = new RouteMQCluster();
    desired.getMetadata().setName(cluster.getMetadata().getName());
    desired.getMetadata().setNamespace(cluster.getMetadata().getNamespace());
    desired.setSpec(cluster.getSpec());
    try {
      Files.writeString(manifest, Serialization.asYaml(desired));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kubectl.ok("apply", "--server-side", "--field-manager=" + MANAGER, "-f", manifest.toString());
  }

  private static KStatus.Verdict verdict(KStatus kstatus, Kubectl kubectl) {
    return kstatus.of(kubectl.ok("get", "routemqcluster", ClusterUnderTest.CLUSTER, "-n", FleetFixture.NS,
        "-o", "json"));
  }

  /**
   * Every field manager but the tool's may own only the status subresource or the finalizers: whatever else the
   * operator wrote into the object would be taken from the tool on its next apply, or fight it.
   */
  private static void assertOnlyTheToolOwnsTheSpec(Kubectl kubectl) throws IOException {
    JsonNode object = JSON.readTree(kubectl.ok("get", "routemqcluster", ClusterUnderTest.CLUSTER, "-n",
        FleetFixture.NS, "-o", "json", "--show-managed-fields"));
    List<String> owners = new ArrayList<>();
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      String manager = entry.path("manager").asText();
      String subresource = entry.path("subresource").asText("");
      JsonNode fields = entry.path("fieldsV1");
      owners.add(manager + (subresource.isEmpty() ? "" : "/" + subresource) + " " + fields);
      if (manager.equals(MANAGER) || subresource.equals("status")) {
        continue;
      }
      assertThat(fields.fieldNames()).toIterable().as("fields %s owns", manager).containsOnly("f:metadata");
      assertThat(fields.path("f:metadata").fieldNames()).toIterable().as("fields %s owns", manager)
          .containsOnly("f:finalizers");
    }
    System.out.println("FIGURE gitops field owners: " + owners);
    assertThat(owners).anyMatch(o -> o.startsWith(MANAGER + " ") && o.contains("f:spec"));
  }

  private static long deploymentGeneration(FleetFixture f) {
    return f.client().apps().deployments().inNamespace(f.namespace()).withName(ClusterUnderTest.DEPLOYMENT).get()
        .getMetadata().getGeneration();
  }

  /** "A A B B B A" → "A ×2 → B ×3 → A". */
  private static String collapse(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.size(); ) {
      int j = i;
      while (j < values.size() && values.get(j).equals(values.get(i))) {
        j++;
      }
      out.append(out.isEmpty() ? "" : " → ").append(values.get(i)).append(j - i > 1 ? " ×" + (j - i) : "");
      i = j;
    }
    return out.toString();
  }
}
