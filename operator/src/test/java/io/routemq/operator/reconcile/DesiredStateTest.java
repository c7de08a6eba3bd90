package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static io.routemq.operator.testing.Clusters.ordered;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

  private final DesiredState desired = new DesiredState(new ReplicaPlanner(ReplicaDecider.holdCurrent()));

  @Test
  void writesTheRouteTableInTheSharedFormat() {
    RouteMQCluster c = cluster("telemetry").group(fixed("ingest", 2)).build();
    DesiredGroup g = desired.of(c, ObservedState.empty()).get(0);
    String json = g.configMap().getData().get(WorkerContract.ROUTE_TABLE_FILE_NAME);
    assertThat(RouteTableCodec.fromJson(json).shareName()).isEqualTo("telemetry-ingest");
    assertThat(g.configMap().getMetadata().getOwnerReferences()).hasSize(1);
  }

  @Test
  void aRouteChangeChangesThePodTemplateHash() {
    RouteMQCluster c = cluster("telemetry").group(fixed("ingest", 2)).build();
    String before = desired.of(c, ObservedState.empty()).get(0).configHash();
    c.getSpec().getGroups().get(0).getRoutes().get(0).setTopic("sensors/+/temperature");
    DesiredGroup after = desired.of(c, ObservedState.empty()).get(0);
    assertThat(after.configHash()).isNotEqualTo(before);
    assertThat(after.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(Labels.CONFIG_HASH, after.configHash());
  }

  @Test
  void theSameSpecAlwaysHashesTheSame() {
    RouteMQCluster c = cluster("telemetry").group(fixed("ingest", 2)).build();
    assertThat(desired.of(c, ObservedState.empty()).get(0).configHash())
        .isEqualTo(desired.of(c, ObservedState.empty()).get(0).configHash());
  }

  @Test
  void groupsThatCanRunTwoWorkersGetAPdbAndSingleWorkerGroupsDoNot() {
    RouteMQCluster c = cluster("t").group(fixed("two", 2)).group(fixed("one", 1)).group(ordered("ord")).build();
    List<DesiredGroup> groups = desired.of(c, ObservedState.empty());
    assertThat(groups.get(0).pdb()).isNotNull();
    assertThat(groups.get(0).pdb().getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(groups.get(1).pdb()).isNull();
    assertThat(groups.get(2).pdb()).isNull();
  }

  @Test
  void hpaModeWritesAnAutoscalingV2HpaTargetingTheDeployment() {
    RouteMQCluster c = cluster("t").group(ranged("web", 2, 8, AutoscalingMode.HPA)).build();
    DesiredGroup g = desired.of(c, ObservedState.empty()).get(0);
    assertThat(g.hpa()).isNotNull();
    assertThat(g.hpa().getApiVersion()).isEqualTo("autoscaling/v2");
    assertThat(g.hpa().getSpec().getScaleTargetRef().getName()).isEqualTo("t-web");
    assertThat(g.hpa().getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(g.hpa().getSpec().getMaxReplicas()).isEqualTo(8);
    assertThat(g.hpa().getSpec().getMetrics()).anySatisfy(m ->
        assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(70));
    assertThat(g.deployment().getMetadata().getAnnotations()).containsEntry(Labels.REPLICAS_OWNER, "hpa");
  }

  @Test
  void otherModesWriteNoHpa() {
    RouteMQCluster c = cluster("t").group(ranged("a", 1, 4, AutoscalingMode.Operator)).group(fixed("b", 2)).build();
    assertThat(desired.of(c, ObservedState.empty())).allSatisfy(g -> assertThat(g.hpa()).isNull());
  }
}
