package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.testing.Conflicts;
import io.routemq.operator.testing.MockKube;
import io.routemq.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Replica ownership survives an operator restart: a new operator process changes no worker count. */
class OperatorRestartIT {

  private static final String NS = "restart";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void restartingTheOperatorChangesNoReplicaCount() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      RouteMQCluster c = cluster("fleet").namespace(NS)
          .group(ranged("auto", 1, 8, AutoscalingMode.Operator))
          .group(fixed("fixed", 3))
          .group(ranged("web", 2, 10, AutoscalingMode.HPA))
          .build();
      c.getMetadata().setUid(null);
      client.resources(RouteMQCluster.class).inNamespace(NS).resource(c).create();

      try (OperatorHarness first = OperatorHarness.start(kube.operatorClient())) {
        await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(NS).list().getItems().size() == 3);
        // What an autoscaler decided earlier, and what the HPA did.
        scale(client, "fleet-auto", 5);
        scale(client, "fleet-web", 6);
        double seen = first.reconciles();
        await().atMost(WAIT).until(() -> first.reconciles() >= seen + 2);
        assertThat(replicas(client)).containsEntry("fleet-auto", 5).containsEntry("fleet-web", 6);
      }

      Map<String, String> versionsBefore = resourceVersions(client);
      String clusterVersion = client.resources(RouteMQCluster.class).inNamespace(NS).withName("fleet").get()
          .getMetadata().getResourceVersion();
      Map<String, Integer> replicasBefore = replicas(client);
      try (OperatorHarness second = OperatorHarness.start(kube.operatorClient())) {
        await().atMost(WAIT).until(() -> second.reconciles() >= 1);
        assertThat(replicas(client)).isEqualTo(replicasBefore)
            .containsEntry("fleet-auto", 5).containsEntry("fleet-fixed", 3).containsEntry("fleet-web", 6);
        assertThat(resourceVersions(client)).as("not one Deployment was written").isEqualTo(versionsBefore);
        assertThat(client.resources(RouteMQCluster.class).inNamespace(NS).withName("fleet").get()
            .getMetadata().getResourceVersion()).as("an unchanged status is not written").isEqualTo(clusterVersion);
      }
    }
  }

  private static void scale(KubernetesClient client, String name, int replicas) {
    Conflicts.retry(() -> client.apps().deployments().inNamespace(NS).withName(name).edit(d -> {
      d.getSpec().setReplicas(replicas);
      return d;
    }));
  }

  private static Map<String, Integer> replicas(KubernetesClient client) {
    Map<String, Integer> result = new TreeMap<>();
    for (Deployment d : client.apps().deployments().inNamespace(NS).list().getItems()) {
      result.put(d.getMetadata().getName(), d.getSpec().getReplicas());
    }
    return result;
  }

  private static Map<String, String> resourceVersions(KubernetesClient client) {
    Map<String, String> result = new TreeMap<>();
    for (Deployment d : client.apps().deployments().inNamespace(NS).list().getItems()) {
      result.put(d.getMetadata().getName(), d.getMetadata().getResourceVersion());
    }
    return result;
  }
}
