package io.routemq.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrunedPodStoreTest {

  private static Pod fullPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("w-1").withNamespace("ns").withUid("u-1").withResourceVersion("42")
        .withLabels(Map.of("routemq.io/cluster", "fleet"))
        .withAnnotations(Map.of("a", "b"))
        .addNewOwnerReference().withKind("ReplicaSet").withName("w-rs").withUid("rs-1").endOwnerReference()
        .withDeletionTimestamp("2026-12-01T10:00:00Z")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").build())
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-a")
        .addNewContainer().withName("worker").withImage("routemq/worker:1")
        .addNewEnv().withName("SECRET_ISH").withValue("x").endEnv()
        .addNewPort().withName("http").withContainerPort(8080).endPort()
        .withNewReadinessProbe().withNewHttpGet().withPath("/q/health/ready").endHttpGet().endReadinessProbe()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running").withPodIP("10.0.0.7").withHostIP("192.168.1.1")
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewContainerStatus().withName("worker").withNewState().withNewTerminated()
        .withMessage("{\"sessionEnded\":true}").endTerminated().endState().endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void keepsWhatTheOperatorReadsAndDropsTheRest() {
    Pod pruned = PrunedPodStore.prune(fullPod());

    assertThat(pruned.getMetadata().getName()).isEqualTo("w-1");
    assertThat(pruned.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(pruned.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(pruned.getMetadata().getLabels()).containsEntry("routemq.io/cluster", "fleet");
    assertThat(pruned.getMetadata().getAnnotations()).containsEntry("a", "b");
    assertThat(pruned.getMetadata().getOwnerReferences()).extracting("uid").containsExactly("rs-1");
    assertThat(pruned.getMetadata().getDeletionTimestamp()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(pruned.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(pruned.getSpec().getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("worker");
      assertThat(c.getPorts()).extracting("containerPort").containsExactly(8080);
      assertThat(c.getEnv()).isNullOrEmpty();
      assertThat(c.getReadinessProbe()).isNull();
      assertThat(c.getImage()).isNull();
    });
    assertThat(pruned.getStatus().getPodIP()).isEqualTo("10.0.0.7");
    assertThat(pruned.getStatus().getConditions()).extracting("type").containsExactly("Ready");
    assertThat(pruned.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage())
        .isEqualTo("{\"sessionEnded\":true}");
    assertThat(pruned.getStatus().getHostIP()).isNull();
    assertThat(pruned.getMetadata().getManagedFields()).isNullOrEmpty();
  }

  @Test
  void theStoreHoldsThePrunedPod() {
    PrunedPodStore store = new PrunedPodStore();
    store.put("ns/w-1", fullPod());

    Pod cached = store.get("ns/w-1");
    assertThat(cached.getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
    assertThat(cached.getStatus().getPodIP()).isEqualTo("10.0.0.7");
  }

  @Test
  void theLeanStoreDropsOnlyManagedFields() {
    Deployment d = new DeploymentBuilder()
        .withNewMetadata().withName("w").withNamespace("ns")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("routemq-operator").build())
        .endMetadata()
        .withNewSpec().withReplicas(3).endSpec()
        .build();
    LeanItemStore<Deployment> store = new LeanItemStore<>();
    store.put("ns/w", d);

    Deployment cached = store.get("ns/w");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getSpec().getReplicas()).isEqualTo(3);
  }
}
