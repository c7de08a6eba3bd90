package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.e2e.fleet.KubeletStandIn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A spec edited to something invalid while its workers run, on the real control plane: what the CRD can express
 * the API server refuses, so nothing is stored; what only the operator can judge (a handler no worker image has) is
 * stored, reported in the Ready condition and an Event, and the running Deployment and its pods stay as they were.
 */
class InvalidSpecE2E {

  @Test
  void anInvalidEditLeavesTheRunningWorkersAloneAndSaysWhy() throws Exception {
    try (FleetFixture f = FleetFixture.start("hivemq", "invalid", FleetFixture.fixedTelemetryGroup(2))) {
      await().atMost(StepScenario.WAIT).until(() -> f.readyWorkers() == 2);
      long generation = deploymentGeneration(f);
      List<String> pods = podNames(f);

      assertThatThrownBy(() -> edit(f, c -> {
        c.getSpec().getGroups().get(0).setReplicas(ReplicasSpec.range(5, 2));
        c.getSpec().getGroups().get(0).getAutoscaling().setMode(io.routemq.crds.v1alpha1.AutoscalingMode.Operator);
        return c;
      })).isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("replicas.min must not be greater than replicas.max");
      assertThat(f.cluster().getSpec().getGroups().get(0).getReplicas().getCount()).isEqualTo(2);

      edit(f, c -> {
        c.getSpec().getGroups().get(0).getRoutes().get(0).setHandler(new HandlerSpec("no-such-handler", Map.of()));
        return c;
      });
      await().atMost(StepScenario.WAIT).until(() -> {
        Condition ready = f.condition("Ready").orElse(null);
        return ready != null && "False".equals(ready.getStatus()) && ready.getMessage().contains("no-such-handler");
      });
      assertThat(f.client().v1().events().inNamespace(f.namespace()).list().getItems())
          .anySatisfy(e -> assertThat(e.getType() + " " + e.getMessage()).startsWith("Warning")
              .contains("no-such-handler"));
      // The operator retries an invalid spec every 30 s and resyncs: 35 s covers one retry at least.
      await().pollDelay(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(60)).until(() -> true);
      // The generation counts spec writes (the Deployment controller's status writes do not change it).
      assertThat(deploymentGeneration(f)).as("the running Deployment's spec was not written").isEqualTo(generation);
      assertThat(podNames(f)).as("the same workers run").isEqualTo(pods);
      assertThat(f.fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT)).allMatch(KubeletStandIn.PodView::ready);
    }
  }

  private static RouteMQCluster edit(FleetFixture f, UnaryOperator<RouteMQCluster> change) {
    return f.client().resources(RouteMQCluster.class).inNamespace(f.namespace()).withName(ClusterUnderTest.CLUSTER)
        .edit(change);
  }

  private static long deploymentGeneration(FleetFixture f) {
    return f.client().apps().deployments().inNamespace(f.namespace()).withName(ClusterUnderTest.DEPLOYMENT).get()
        .getMetadata().getGeneration();
  }

  private static List<String> podNames(FleetFixture f) {
    return f.fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT).stream().map(KubeletStandIn.PodView::name).sorted()
        .toList();
  }
}
