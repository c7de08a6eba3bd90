package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What each worker is kept at; each target yields a worker count and the largest wins. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingTargets {

  @Min(1)
  @Max(100)
  @Default("70")
  @JsonPropertyDescription("Share of a worker's measured processing capacity to use, in percent: the capacity model"
      + " sizes the group so that arrivals keep each worker this busy. Default 70.")
  private Integer capacityUtilization;

  @Min(1)
  @Max(3600)
  @Default("60")
  @JsonPropertyDescription("Seconds within which a backlog must be worked off, on top of the arrivals; workers added"
      + " for it are kept this long after the last decision that asked for them. Default 60.")
  private Integer backlogDrainSeconds;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Target CPU utilization of a worker, in percent of its CPU request.")
  private Integer cpuUtilization;

  @Min(value = 0, inclusive = false)
  @JsonPropertyDescription("Target messages per second handled by one worker.")
  private Double messagesPerSecondPerWorker;

  @Min(1)
  @JsonPropertyDescription("Target messages waiting (in flight or queued) per worker.")
  private Integer queueDepthPerWorker;

  public Integer getCapacityUtilization() {
    return capacityUtilization;
  }

  public void setCapacityUtilization(Integer capacityUtilization) {
    this.capacityUtilization = capacityUtilization;
  }

  public Integer getBacklogDrainSeconds() {
    return backlogDrainSeconds;
  }

  public void setBacklogDrainSeconds(Integer backlogDrainSeconds) {
    this.backlogDrainSeconds = backlogDrainSeconds;
  }

  public Integer getCpuUtilization() {
    return cpuUtilization;
  }

  public void setCpuUtilization(Integer cpuUtilization) {
    this.cpuUtilization = cpuUtilization;
  }

  public Double getMessagesPerSecondPerWorker() {
    return messagesPerSecondPerWorker;
  }

  public void setMessagesPerSecondPerWorker(Double messagesPerSecondPerWorker) {
    this.messagesPerSecondPerWorker = messagesPerSecondPerWorker;
  }

  public Integer getQueueDepthPerWorker() {
    return queueDepthPerWorker;
  }

  public void setQueueDepthPerWorker(Integer queueDepthPerWorker) {
    this.queueDepthPerWorker = queueDepthPerWorker;
  }
}
