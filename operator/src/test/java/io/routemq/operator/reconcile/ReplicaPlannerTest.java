package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static io.routemq.operator.testing.Clusters.ordered;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReplicaPlannerTest {

  private final ReplicaPlanner planner = new ReplicaPlanner(ReplicaDecider.holdCurrent());

  private Integer plan(GroupSpec group, OptionalInt current) {
    RouteMQCluster c = cluster("c").group(group).build();
    return planner.replicas(c, group, current);
  }

  @Test
  void offModeWritesTheDeclaredCountOverAnyDrift() {
    assertThat(plan(fixed("g", 3), OptionalInt.of(7))).isEqualTo(3);
    assertThat(plan(fixed("g", 3), OptionalInt.empty())).isEqualTo(3);
  }

  @Test
  void operatorModeStartsAtMin() {
    assertThat(plan(ranged("g", 2, 10, AutoscalingMode.Operator), OptionalInt.empty())).isEqualTo(2);
  }

  @Test
  void operatorModeKeepsTheRunningCountSoARestartChangesNothing() {
    assertThat(plan(ranged("g", 2, 10, AutoscalingMode.Operator), OptionalInt.of(7))).isEqualTo(7);
  }

  @Test
  void operatorModeClampsARunningCountOutsideTheRange() {
    assertThat(plan(ranged("g", 2, 10, AutoscalingMode.Operator), OptionalInt.of(30))).isEqualTo(10);
    assertThat(plan(ranged("g", 2, 10, AutoscalingMode.Operator), OptionalInt.of(1))).isEqualTo(2);
  }

  @Test
  void operatorModeClampsWhatTheDeciderAnswers() {
    ReplicaPlanner eager = new ReplicaPlanner((c, g, current) -> 500);
    GroupSpec g = ranged("g", 2, 10, AutoscalingMode.Operator);
    assertThat(eager.replicas(cluster("c").group(g).build(), g, OptionalInt.of(4))).isEqualTo(10);
  }

  @Test
  void hpaModeNeverWritesReplicasOfAnExistingDeployment() {
    assertThat(plan(ranged("g", 2, 10, AutoscalingMode.HPA), OptionalInt.of(6))).isNull();
    assertThat(ReplicaPlanner.owner(ranged("g", 2, 10, AutoscalingMode.HPA))).isEqualTo("hpa");
  }

  @Test
  void hpaModeCreatesAtMinAndAtLeastOne() {
    assertThat(plan(ranged("g", 3, 10, AutoscalingMode.HPA), OptionalInt.empty())).isEqualTo(3);
    assertThat(plan(ranged("g", 0, 10, AutoscalingMode.HPA), OptionalInt.empty())).isEqualTo(1);
  }

  @Test
  void orderedGroupRunsExactlyOneWorker() {
    assertThat(plan(ordered("g"), OptionalInt.of(4))).isEqualTo(1);
  }
}
