package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import org.junit.jupiter.api.Test;

class DriftMatcherTest {

  private final RouteMQCluster cluster = cluster("t").group(fixed("g", 2)).build();

  private Deployment desired() {
    return WorkerDeployments.desired(cluster, cluster.getSpec().getGroups().get(0), 2, "h1");
  }

  /** What an API server stores: our object plus defaults, status and metadata of its own. */
  private Deployment stored() {
    Deployment d = new DeploymentBuilder(desired())
        .editMetadata().withResourceVersion("7").withGeneration(3L)
        .addToAnnotations("deployment.kubernetes.io/revision", "3").endMetadata()
        .editSpec().withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
        .editTemplate().editSpec().withDnsPolicy("ClusterFirst").withRestartPolicy("Always")
        .editFirstContainer().withTerminationMessagePath("/dev/termination-log").endContainer()
        .endSpec().endTemplate().endSpec()
        .withNewStatus().withReplicas(2).withReadyReplicas(2).endStatus()
        .build();
    // Canonical quantity form, as an API server writes it back.
    d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
        .put("cpu", new Quantity("0.25"));
    return d;
  }

  @Test
  void defaultsStatusAndForeignAnnotationsAreNotDrift() {
    assertThat(DriftMatcher.matches(desired(), stored())).isTrue();
  }

  @Test
  void aChangedImageIsDrift() {
    Deployment edited = stored();
    edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
    assertThat(DriftMatcher.matches(desired(), edited)).isFalse();
  }

  @Test
  void anAddedEnvVariableIsDrift() {
    Deployment edited = stored();
    edited.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVar("X", "1", null));
    assertThat(DriftMatcher.matches(desired(), edited)).isFalse();
  }

  @Test
  void aChangedReplicaCountIsDriftOnlyWhenTheOperatorOwnsIt() {
    Deployment edited = stored();
    edited.getSpec().setReplicas(9);
    assertThat(DriftMatcher.matches(desired(), edited)).isFalse();
    Deployment hpaOwned = WorkerDeployments.desired(cluster, cluster.getSpec().getGroups().get(0), null, "h1");
    assertThat(DriftMatcher.matches(hpaOwned, edited)).isTrue();
  }

  @Test
  void aRemovedLabelIsDrift() {
    Deployment edited = stored();
    edited.getMetadata().getLabels().remove(Labels.NAME);
    assertThat(DriftMatcher.matches(desired(), edited)).isFalse();
  }

  @Test
  void aNewConfigHashIsDrift() {
    Deployment newRoutes = WorkerDeployments.desired(cluster, cluster.getSpec().getGroups().get(0), 2, "h2");
    assertThat(DriftMatcher.matches(newRoutes, stored())).isFalse();
  }
}
