package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScalingObjectsTest {

  private HorizontalPodAutoscaler hpa(GroupSpec group) {
    RouteMQCluster c = cluster("t").group(group).build();
    return ScalingObjects.hpa(c, group);
  }

  @Test
  void scaleDownDefaultsToFiveMinutesAndHalfTheWorkersPerStep() {
    var down = hpa(ranged("g", 2, 10, AutoscalingMode.HPA)).getSpec().getBehavior().getScaleDown();
    assertThat(down.getStabilizationWindowSeconds()).isEqualTo(300);
    assertThat(down.getPolicies()).singleElement().satisfies(p -> {
      assertThat(p.getType()).isEqualTo("Percent");
      assertThat(p.getValue()).isEqualTo(50);
    });
  }

  @Test
  void scaleUpMeetsABurstInOneStepByDefault() {
    var up = hpa(ranged("g", 2, 10, AutoscalingMode.HPA)).getSpec().getBehavior().getScaleUp();
    assertThat(up.getStabilizationWindowSeconds()).isZero();
    assertThat(up.getPolicies()).isNullOrEmpty();
  }

  @Test
  void declaredStepLimitsBecomeHpaPoliciesWithTheLargerWinning() {
    GroupSpec g = ranged("g", 2, 10, AutoscalingMode.HPA);
    ScalingBehaviorSpec up = new ScalingBehaviorSpec();
    up.setMaxStepPercent(100);
    up.setMaxStepWorkers(4);
    g.getAutoscaling().setScaleUp(up);
    var rules = hpa(g).getSpec().getBehavior().getScaleUp();
    assertThat(rules.getSelectPolicy()).isEqualTo("Max");
    assertThat(rules.getPolicies()).extracting(p -> p.getType() + "=" + p.getValue())
        .containsExactly("Percent=100", "Pods=4");
  }

  @Test
  void rateAndQueueTargetsBecomePodsMetrics() {
    GroupSpec g = ranged("g", 2, 10, AutoscalingMode.HPA);
    g.getAutoscaling().getTargets().setMessagesPerSecondPerWorker(500.0);
    g.getAutoscaling().getTargets().setQueueDepthPerWorker(100);
    assertThat(hpa(g).getSpec().getMetrics()).extracting(m -> m.getType())
        .containsExactly("Resource", "Pods", "Pods");
    assertThat(hpa(g).getSpec().getMetrics().get(1).getPods().getMetric().getName())
        .isEqualTo(ScalingObjects.RATE_METRIC);
  }

  @Test
  void aWorkerBudgetLowersTheMaxNeverRaisesItAndTheFloorStaysBelowIt() {
    GroupSpec g = ranged("g", 2, 10, AutoscalingMode.HPA);
    RouteMQCluster c = cluster("fleet").group(g).build();

    var capped = ScalingObjects.hpa(c, g, OptionalInt.of(6), OptionalInt.of(3)).getSpec();
    var beyond = ScalingObjects.hpa(c, g, OptionalInt.empty(), OptionalInt.of(50)).getSpec();

    assertThat(capped.getMaxReplicas()).isEqualTo(3);
    assertThat(capped.getMinReplicas()).isEqualTo(3);
    assertThat(beyond.getMaxReplicas()).as("the spec's max still bounds it").isEqualTo(10);
  }
}
