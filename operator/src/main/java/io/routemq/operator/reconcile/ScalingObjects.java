package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import io.routemq.crds.v1alpha1.ScalingTargets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Builds a group's PodDisruptionBudget and autoscaling/v2 HPA (pure). */
public final class ScalingObjects {

  /** Pods metric served by a custom-metrics adapter from the worker's processed-messages counter. */
  public static final String RATE_METRIC = "routemq_messages_processed_per_second";
  /** Pods metric served by a custom-metrics adapter from the worker's queue-depth gauge. */
  public static final String QUEUE_METRIC = "routemq_queue_depth";

  private ScalingObjects() {}

  /** A group that can run two or more workers gets a PDB; with one it would only block node drains. */
  public static boolean needsPdb(GroupSpec group) {
    return group.isShared() && group.maxReplicas() >= 2;
  }

  /** At most one worker of the group evicted at a time; never blocks a drain of a single worker. */
  public static PodDisruptionBudget pdb(RouteMQCluster cluster, GroupSpec group) {
    String clusterName = cluster.getMetadata().getName();
    return new PodDisruptionBudgetBuilder()
        .withMetadata(Labels.childMetadata(cluster, group))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(clusterName, group.getName()))
        .endSelector()
        .endSpec()
        .build();
  }

  public static HorizontalPodAutoscaler hpa(RouteMQCluster cluster, GroupSpec group) {
    return hpa(cluster, group, OptionalInt.empty());
  }

  /**
   * @param raisedMin the autoscaler's floor while the backlog needs more workers than the HPA gives; empty for the
   *     spec's min
   */
  public static HorizontalPodAutoscaler hpa(RouteMQCluster cluster, GroupSpec group, OptionalInt raisedMin) {
    return hpa(cluster, group, raisedMin, OptionalInt.empty());
  }

  /**
   * @param raisedMin as above
   * @param budgetMax the most workers spec.workerBudget leaves the group (its grant and headroom); empty for the
   *     spec's max. A lower maxReplicas makes the HPA scale down at once, through the workers' usual drain.
   */
  public static HorizontalPodAutoscaler hpa(RouteMQCluster cluster, GroupSpec group, OptionalInt raisedMin,
      OptionalInt budgetMax) {
    int max = Math.max(1, Math.min(group.maxReplicas(), budgetMax.orElse(group.maxReplicas())));
    // An HPA cannot hold a group at zero.
    int min = Math.min(max, Math.max(1, raisedMin.orElse(group.minReplicas())));
    String clusterName = cluster.getMetadata().getName();
    String name = RouteMQCluster.childName(clusterName, group.getName());
    AutoscalingSpec autoscaling = group.getAutoscaling();
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(Labels.childMetadata(cluster, group))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(name)
        .endScaleTargetRef()
        .withMinReplicas(min)
        .withMaxReplicas(max)
        .withMetrics(metrics(autoscaling == null ? null : autoscaling.getTargets()))
        .withNewBehavior()
        .withScaleUp(rules(autoscaling == null ? null : autoscaling.getScaleUp(), 0, null))
        // The CRD's documented scale-down default: 300 s stabilization, at most 50 % per step.
        .withScaleDown(rules(autoscaling == null ? null : autoscaling.getScaleDown(), 300, 50))
        .endBehavior()
        .endSpec()
        .build();
  }

  static List<MetricSpec> metrics(ScalingTargets targets) {
    List<MetricSpec> metrics = new ArrayList<>();
    int cpu = targets == null || targets.getCpuUtilization() == null ? 70 : targets.getCpuUtilization();
    metrics.add(new MetricSpecBuilder().withType("Resource")
        .withNewResource().withName("cpu")
        .withNewTarget().withType("Utilization").withAverageUtilization(cpu).endTarget()
        .endResource().build());
    if (targets != null && targets.getMessagesPerSecondPerWorker() != null) {
      metrics.add(podsMetric(RATE_METRIC,
          Quantity.fromNumericalAmount(BigDecimal.valueOf(targets.getMessagesPerSecondPerWorker()), null)));
    }
    if (targets != null && targets.getQueueDepthPerWorker() != null) {
      metrics.add(podsMetric(QUEUE_METRIC, new Quantity(String.valueOf(targets.getQueueDepthPerWorker()))));
    }
    return metrics;
  }

  private static MetricSpec podsMetric(String name, Quantity average) {
    return new MetricSpecBuilder().withType("Pods")
        .withNewPods()
        .withNewMetric().withName(name).endMetric()
        .withNewTarget().withType("AverageValue").withAverageValue(average).endTarget()
        .endPods().build();
  }

  /** HPA v2 behavior from our spec; with both limits the larger applies (selectPolicy Max). */
  static HPAScalingRules rules(ScalingBehaviorSpec spec, int defaultStabilization, Integer defaultMaxPercent) {
    HPAScalingRulesBuilder rules = new HPAScalingRulesBuilder()
        .withStabilizationWindowSeconds(
            spec == null || spec.getStabilizationSeconds() == null
                ? defaultStabilization : spec.getStabilizationSeconds());
    Integer maxPercent = spec == null ? defaultMaxPercent : spec.getMaxStepPercent();
    Integer maxWorkers = spec == null ? null : spec.getMaxStepWorkers();
    if (maxPercent != null || maxWorkers != null) {
      rules.withSelectPolicy("Max");
      if (maxPercent != null) {
        rules.addNewPolicy().withType("Percent").withValue(maxPercent)
            .withPeriodSeconds(15).endPolicy();
      }
      if (maxWorkers != null) {
        rules.addNewPolicy().withType("Pods").withValue(maxWorkers)
            .withPeriodSeconds(15).endPolicy();
      }
    }
    return rules.build();
  }
}
