package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of one group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupStatus {

  @JsonPropertyDescription("Group name.")
  private String name;

  @JsonPropertyDescription("Name of the group's Deployment.")
  private String deployment;

  @JsonPropertyDescription("Autoscaling mode in force: Operator, HPA or Off.")
  private String autoscalingMode;

  @JsonPropertyDescription("Workers the group should run now (the Deployment's spec.replicas).")
  private Integer desiredReplicas;

  @JsonPropertyDescription("Workers whose readiness probe passes.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Workers available for at least minReadySeconds.")
  private Integer availableReplicas;

  @JsonPropertyDescription("Workers the autoscaler recommends (differs from desiredReplicas while paused,"
      + " recommend-only, stabilizing or step-limited).")
  private Integer recommendedReplicas;

  @JsonPropertyDescription("Messages arriving per second for this group.")
  private Double arrivalRate;

  @JsonPropertyDescription("Messages processed per second by this group.")
  private Double messagesPerSecond;

  @JsonPropertyDescription("Measured messages per second one fully busy worker can process.")
  private Double capacityPerWorker;

  @JsonPropertyDescription("Messages waiting for this group: in flight, queued in workers, or estimated in the broker.")
  private Long queueDepth;

  @JsonPropertyDescription("Mean CPU utilization of the workers, in percent of their CPU request.")
  private Integer cpuUtilization;

  @JsonPropertyDescription("When the metrics behind these figures were read (RFC 3339).")
  private String metricsTime;

  @JsonPropertyDescription("When the worker count last changed (RFC 3339).")
  private String lastScaleTime;

  @JsonPropertyDescription("Hash of the route table the workers run; a change rolls the Deployment.")
  private String configHash;

  @JsonPropertyDescription("Broker sessions of this group's workers that are gone without ending them (a lost"
      + " node, a forced delete, a drain cut short), whose messages a session-adopter pod is recovering now;"
      + " absent when there are none.")
  private Integer orphanedSessions;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDeployment() {
    return deployment;
  }

  public void setDeployment(String deployment) {
    this.deployment = deployment;
  }

  public String getAutoscalingMode() {
    return autoscalingMode;
  }

  public void setAutoscalingMode(String autoscalingMode) {
    this.autoscalingMode = autoscalingMode;
  }

  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  public void setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getAvailableReplicas() {
    return availableReplicas;
  }

  public void setAvailableReplicas(Integer availableReplicas) {
    this.availableReplicas = availableReplicas;
  }

  public Integer getRecommendedReplicas() {
    return recommendedReplicas;
  }

  public void setRecommendedReplicas(Integer recommendedReplicas) {
    this.recommendedReplicas = recommendedReplicas;
  }

  public Double getArrivalRate() {
    return arrivalRate;
  }

  public void setArrivalRate(Double arrivalRate) {
    this.arrivalRate = arrivalRate;
  }

  public Double getMessagesPerSecond() {
    return messagesPerSecond;
  }

  public void setMessagesPerSecond(Double messagesPerSecond) {
    this.messagesPerSecond = messagesPerSecond;
  }

  public Double getCapacityPerWorker() {
    return capacityPerWorker;
  }

  public void setCapacityPerWorker(Double capacityPerWorker) {
    this.capacityPerWorker = capacityPerWorker;
  }

  public Long getQueueDepth() {
    return queueDepth;
  }

  public void setQueueDepth(Long queueDepth) {
    this.queueDepth = queueDepth;
  }

  public Integer getCpuUtilization() {
    return cpuUtilization;
  }

  public void setCpuUtilization(Integer cpuUtilization) {
    this.cpuUtilization = cpuUtilization;
  }

  public String getMetricsTime() {
    return metricsTime;
  }

  public void setMetricsTime(String metricsTime) {
    this.metricsTime = metricsTime;
  }

  public String getLastScaleTime() {
    return lastScaleTime;
  }

  public void setLastScaleTime(String lastScaleTime) {
    this.lastScaleTime = lastScaleTime;
  }

  public String getConfigHash() {
    return configHash;
  }

  public void setConfigHash(String configHash) {
    this.configHash = configHash;
  }

  public Integer getOrphanedSessions() {
    return orphanedSessions;
  }

  public void setOrphanedSessions(Integer orphanedSessions) {
    this.orphanedSessions = orphanedSessions;
  }

}
