package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a RouteMQ worker fleet, with the recent scaling history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteMQClusterStatus {

  // 0 until the operator has seen the object: the API server fills it in (with status itself, see
  // CrdPostProcessor) on a new object, so kstatus reads "generation 1, observed 0" as in progress rather than
  // an object without status as current.
  @JsonPropertyDescription("The metadata.generation this status describes; 0 until the operator has seen the object.")
  @Default("0")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions: Ready, Progressing, Degraded; Reconciling and Stalled (kstatus, read by"
      + " GitOps tools); the autoscaler's MetricsAvailable, ScalingLimited, ScalingIneffective.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Number of groups.")
  private Integer groupCount;

  @JsonPropertyDescription("Ready / desired workers over all groups, e.g. 7/8.")
  private String workers;

  @JsonPropertyDescription("Ready workers over all groups.")
  private Integer readyWorkers;

  @JsonPropertyDescription("Desired workers over all groups.")
  private Integer desiredWorkers;

  @JsonPropertyDescription("Messages processed per second over all groups, rounded.")
  private Long messagesPerSecond;

  @JsonPropertyDescription("Messages waiting (in flight, queued, or estimated in the broker) over all groups.")
  private Long backlog;

  @JsonPropertyDescription("The newest scaling event, as <group> <from>-><to>.")
  private String lastScale;

  @JsonPropertyDescription("When the newest scaling event happened (RFC 3339).")
  private String lastScaleTime;

  // Same bound as spec.groups: a status the API server would refuse is caught at the write.
  @Size(max = 16)
  @JsonPropertyDescription("Per-group state, in spec order.")
  private List<GroupStatus> groups = new ArrayList<>();

  // spec.historyLimit is at most 100; the bound keeps the object small in etcd whatever happens.
  @Size(max = 100)
  @JsonPropertyDescription("Scaling events, newest first, at most spec.historyLimit.")
  private List<ScalingEvent> scalingHistory = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getGroupCount() {
    return groupCount;
  }

  public void setGroupCount(Integer groupCount) {
    this.groupCount = groupCount;
  }

  public String getWorkers() {
    return workers;
  }

  public void setWorkers(String workers) {
    this.workers = workers;
  }

  public Integer getReadyWorkers() {
    return readyWorkers;
  }

  public void setReadyWorkers(Integer readyWorkers) {
    this.readyWorkers = readyWorkers;
  }

  public Integer getDesiredWorkers() {
    return desiredWorkers;
  }

  public void setDesiredWorkers(Integer desiredWorkers) {
    this.desiredWorkers = desiredWorkers;
  }

  public Long getMessagesPerSecond() {
    return messagesPerSecond;
  }

  public void setMessagesPerSecond(Long messagesPerSecond) {
    this.messagesPerSecond = messagesPerSecond;
  }

  public Long getBacklog() {
    return backlog;
  }

  public void setBacklog(Long backlog) {
    this.backlog = backlog;
  }

  public String getLastScale() {
    return lastScale;
  }

  public void setLastScale(String lastScale) {
    this.lastScale = lastScale;
  }

  public String getLastScaleTime() {
    return lastScaleTime;
  }

  public void setLastScaleTime(String lastScaleTime) {
    this.lastScaleTime = lastScaleTime;
  }

  public List<GroupStatus> getGroups() {
    return groups;
  }

  public void setGroups(List<GroupStatus> groups) {
    this.groups = groups;
  }

  public List<ScalingEvent> getScalingHistory() {
    return scalingHistory;
  }

  public void setScalingHistory(List<ScalingEvent> scalingHistory) {
    this.scalingHistory = scalingHistory;
  }

}
