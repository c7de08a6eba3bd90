package io.routemq.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import io.routemq.crds.v1alpha1.ScalingEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetViewTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void showsPrinterColumnsGroupFiguresAndNewestEvents() {
    RouteMQCluster cluster = new RouteMQCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("demo").withCreationTimestamp("2026-11-25T09:58:00Z").build());
    RouteMQClusterStatus status = new RouteMQClusterStatus();
    status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
    status.setGroupCount(1);
    status.setWorkers("3/4");
    status.setMessagesPerSecond(1500L);
    status.setBacklog(320L);
    status.setLastScale("ingest 1->4");
    status.setLastScaleTime("2026-11-25T09:59:30Z");
    GroupStatus group = new GroupStatus();
    group.setName("ingest");
    group.setAutoscalingMode("Operator");
    group.setDesiredReplicas(4);
    group.setReadyReplicas(3);
    group.setArrivalRate(1800.4);
    status.setGroups(List.of(group));
    ScalingEvent up = new ScalingEvent();
    up.setTime("2026-11-25T09:59:30Z");
    up.setGroup("ingest");
    up.setFrom(1);
    up.setTo(4);
    up.setDirection("Up");
    up.setReason("BacklogGrowing");
    status.setScalingHistory(List.of(up));
    cluster.setStatus(status);

    String view = FleetView.render(List.of(cluster), NOW, 5);

    assertThat(view).contains("demo", "True", "3/4", "1500", "320", "ingest 1->4", "30s", "2m");
    assertThat(view).contains("demo/ingest", "Operator", "1800");
    assertThat(view).containsPattern("30s +ingest +1 -> 4 +Up +BacklogGrowing");
  }

  @Test
  void aClusterWithoutStatusYetShowsDashes() {
    RouteMQCluster cluster = new RouteMQCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("fresh").build());
    assertThat(FleetView.render(List.of(cluster), NOW, 5)).containsPattern("fresh +- +- +-");
  }
}
