package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How a group with a min/max range is sized. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.mode != 'HPA' || (has(self.targets) && has(self.targets.cpuUtilization))",
    message = "autoscaling.mode HPA needs targets.cpuUtilization: an HPA scales on CPU by itself; message-rate and"
        + " queue-depth targets are added to it only as Pods metrics that need a custom-metrics adapter")
@ValidationRule(value = "self.mode == 'Operator' || !self.recommendOnly",
    message = "autoscaling.recommendOnly applies only to mode Operator")
@ValidationRule(value = "self.mode != 'HPA' || self.backlogSource == 'WorkerLocal'",
    message = "autoscaling.backlogSource cannot be set with mode HPA: an HPA reads its metrics from the metrics API;"
        + " remove backlogSource or use mode Operator")
public class AutoscalingSpec {

  @Default("\"Operator\"")
  @JsonPropertyDescription("Operator (default): the operator's capacity model sizes the group. HPA: an autoscaling/v2"
      + " HPA does. Off: the group keeps replicas.min.")
  private AutoscalingMode mode;

  @Default("false")
  @JsonPropertyDescription("Stop changing the worker count; decisions are still computed and shown. Default false.")
  private Boolean paused;

  @Default("false")
  @JsonPropertyDescription("Write each decision to status and Events but do not apply it. Default false.")
  private Boolean recommendOnly;

  @Default("\"WorkerLocal\"")
  @JsonPropertyDescription("Where backlog and arrival rate come from: WorkerLocal (default; the workers' own counts),"
      + " ArrivalSampler (the operator also subscribes and counts arrivals; one extra delivery per message), or"
      + " BrokerStats (the broker's $SYS statistics).")
  private BacklogSource backlogSource;

  @Min(1)
  @Max(300)
  @Default("5")
  @JsonPropertyDescription("Seconds between metric reads and decisions. Default 5.")
  private Integer metricsIntervalSeconds;

  @Min(0)
  @Max(100)
  @Default("10")
  @JsonPropertyDescription("No change while the needed workers are within this percentage of the current count. Default 10.")
  private Integer tolerancePercent;

  @JsonPropertyDescription("What a worker should be kept at. The largest worker count any target asks for wins.")
  private ScalingTargets targets;

  @JsonPropertyDescription("Limits on adding workers. Default: no stabilization, no step limit (a burst is met in one step).")
  private ScalingBehaviorSpec scaleUp;

  @JsonPropertyDescription("Limits on removing workers. Default: 300 s stabilization, at most 50 % of the workers per step.")
  private ScalingBehaviorSpec scaleDown;

  @JsonPropertyDescription("Predictive pre-scaling (opt-in): add workers ahead of the rises the group's learned daily"
      + " and weekly rate profile expects. Off by default.")
  private PredictiveSpec predictive;

  public AutoscalingMode getMode() {
    return mode;
  }

  public void setMode(AutoscalingMode mode) {
    this.mode = mode;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  public Boolean getRecommendOnly() {
    return recommendOnly;
  }

  public void setRecommendOnly(Boolean recommendOnly) {
    this.recommendOnly = recommendOnly;
  }

  public BacklogSource getBacklogSource() {
    return backlogSource;
  }

  public void setBacklogSource(BacklogSource backlogSource) {
    this.backlogSource = backlogSource;
  }

  public Integer getMetricsIntervalSeconds() {
    return metricsIntervalSeconds;
  }

  public void setMetricsIntervalSeconds(Integer metricsIntervalSeconds) {
    this.metricsIntervalSeconds = metricsIntervalSeconds;
  }

  public Integer getTolerancePercent() {
    return tolerancePercent;
  }

  public void setTolerancePercent(Integer tolerancePercent) {
    this.tolerancePercent = tolerancePercent;
  }

  public ScalingTargets getTargets() {
    return targets;
  }

  public void setTargets(ScalingTargets targets) {
    this.targets = targets;
  }

  public ScalingBehaviorSpec getScaleUp() {
    return scaleUp;
  }

  public void setScaleUp(ScalingBehaviorSpec scaleUp) {
    this.scaleUp = scaleUp;
  }

  public ScalingBehaviorSpec getScaleDown() {
    return scaleDown;
  }

  public void setScaleDown(ScalingBehaviorSpec scaleDown) {
    this.scaleDown = scaleDown;
  }

  public PredictiveSpec getPredictive() {
    return predictive;
  }

  public void setPredictive(PredictiveSpec predictive) {
    this.predictive = predictive;
  }
}
