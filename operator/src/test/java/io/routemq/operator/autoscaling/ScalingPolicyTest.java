package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.BacklogSource;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import io.routemq.crds.v1alpha1.ScalingTargets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

  private static GroupSpec group(ReplicasSpec replicas, AutoscalingSpec autoscaling) {
    GroupSpec g = new GroupSpec("ingest");
    g.setReplicas(replicas);
    g.setAutoscaling(autoscaling);
    return g;
  }

  @Test
  void appliesDocumentedDefaults() {
    ScalingPolicy p = ScalingPolicy.from(group(ReplicasSpec.range(2, 40), null), 0.5);

    assertThat(p.minReplicas()).isEqualTo(2);
    assertThat(p.maxReplicas()).isEqualTo(40);
    assertThat(p.paused()).isFalse();
    assertThat(p.recommendOnly()).isFalse();
    assertThat(p.backlogSource()).isEqualTo(BacklogReading.Source.WORKER_LOCAL);
    assertThat(p.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.tolerance()).isEqualTo(0.10);
    assertThat(p.capacityUtilization()).isEqualTo(0.70);
    assertThat(p.backlogDrain()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.cpuRequestCores()).isEqualTo(0.5);
    assertThat(p.scaleUp()).isEqualTo(new ScalingPolicy.Behavior(Duration.ZERO, 0, 0));
    assertThat(p.scaleDown()).isEqualTo(new ScalingPolicy.Behavior(Duration.ofSeconds(300), 50, 0));
    assertThat(p.scaleUp().maxChange(2)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void fixedCountPinsMinAndMax() {
    ScalingPolicy p = ScalingPolicy.from(group(ReplicasSpec.fixed(3), null), 0);

    assertThat(p.minReplicas()).isEqualTo(3);
    assertThat(p.maxReplicas()).isEqualTo(3);
  }

  @Test
  void modeOffKeepsTheCountByPausing() {
    AutoscalingSpec as = new AutoscalingSpec();
    as.setMode(AutoscalingMode.Off);
    assertThat(ScalingPolicy.from(group(ReplicasSpec.range(1, 5), as), 0).paused()).isTrue();
  }

  @Test
  void mapsEveryField() {
    AutoscalingSpec as = new AutoscalingSpec();
    as.setPaused(true);
    as.setRecommendOnly(true);
    as.setBacklogSource(BacklogSource.BrokerStats);
    as.setMetricsIntervalSeconds(10);
    as.setTolerancePercent(5);
    ScalingTargets t = new ScalingTargets();
    t.setCapacityUtilization(80);
    t.setBacklogDrainSeconds(30);
    t.setCpuUtilization(60);
    t.setMessagesPerSecondPerWorker(500.0);
    t.setQueueDepthPerWorker(100);
    as.setTargets(t);
    ScalingBehaviorSpec up = new ScalingBehaviorSpec();
    up.setStabilizationSeconds(15);
    up.setMaxStepWorkers(4);
    as.setScaleUp(up);
    ScalingBehaviorSpec down = new ScalingBehaviorSpec();
    down.setStabilizationSeconds(600);
    as.setScaleDown(down);

    ScalingPolicy p = ScalingPolicy.from(group(ReplicasSpec.range(0, 10), as), 1.0);

    assertThat(p.paused()).isTrue();
    assertThat(p.recommendOnly()).isTrue();
    assertThat(p.backlogSource()).isEqualTo(BacklogReading.Source.BROKER_STATS);
    assertThat(p.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.staleAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.tolerance()).isEqualTo(0.05);
    assertThat(p.capacityUtilization()).isEqualTo(0.80);
    assertThat(p.backlogDrain()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.cpuUtilization()).isEqualTo(60);
    assertThat(p.messagesPerSecondPerWorker()).isEqualTo(500.0);
    assertThat(p.queueDepthPerWorker()).isEqualTo(100);
    assertThat(p.scaleUp()).isEqualTo(new ScalingPolicy.Behavior(Duration.ofSeconds(15), 0, 4));
    // Only the window was set: the default step limit stays.
    assertThat(p.scaleDown()).isEqualTo(new ScalingPolicy.Behavior(Duration.ofSeconds(600), 50, 0));
  }

  @Test
  void largerOfPercentAndWorkerStepLimitsApplies() {
    ScalingPolicy.Behavior b = new ScalingPolicy.Behavior(Duration.ZERO, 10, 4);

    assertThat(b.maxChange(100)).isEqualTo(10);
    assertThat(b.maxChange(10)).isEqualTo(4);
    assertThat(new ScalingPolicy.Behavior(Duration.ZERO, 50, 0).maxChange(1)).isEqualTo(1);
  }
}
