package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import org.junit.jupiter.api.Test;

class ChildApplierTest {

  private final RouteMQCluster cluster = cluster("t").group(fixed("g", 2)).build();

  private Deployment desired(Integer replicas) {
    return WorkerDeployments.desired(cluster, cluster.getSpec().getGroups().get(0), replicas, "h");
  }

  private Deployment running() {
    return new DeploymentBuilder(desired(6))
        .editSpec().editTemplate().editMetadata()
        .addToAnnotations(ChildApplier.RESTARTED_AT, "2026-01-01T00:00:00Z").endMetadata().endTemplate().endSpec()
        .withNewStatus().withReadyReplicas(6).endStatus().build();
  }

  @Test
  void anUpdateKeepsTheCountOfTheControllerThatOwnsIt() {
    assertThat(ChildApplier.forUpdate(desired(null), running()).getSpec().getReplicas()).isEqualTo(6);
  }

  @Test
  void anUpdateWritesTheOperatorsCountWhenItOwnsIt() {
    assertThat(ChildApplier.forUpdate(desired(2), running()).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void anUpdateKeepsAUsersRolloutRestartAndTheStatus() {
    Deployment body = ChildApplier.forUpdate(desired(2), running());
    assertThat(body.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(ChildApplier.RESTARTED_AT, "2026-01-01T00:00:00Z");
    assertThat(body.getStatus().getReadyReplicas()).isEqualTo(6);
  }
}
