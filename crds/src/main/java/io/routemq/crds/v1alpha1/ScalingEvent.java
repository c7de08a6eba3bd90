package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One scaling decision that changed, or was kept from changing, a group's worker count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingEvent {

  @JsonPropertyDescription("When the decision was made (RFC 3339).")
  private String time;

  @JsonPropertyDescription("The group it concerns.")
  private String group;

  @JsonPropertyDescription("Workers before.")
  private Integer from;

  @JsonPropertyDescription("Workers after (or recommended, when not applied).")
  private Integer to;

  @JsonPropertyDescription("Up, Down, or Blocked.")
  private String direction;

  @JsonPropertyDescription("Machine-readable cause, e.g. BacklogGrowing, ArrivalRateFell, MetricsStale, RecommendOnly.")
  private String reason;

  @JsonPropertyDescription("A sentence saying why, with the figures that decided it.")
  private String message;

  @JsonPropertyDescription("Whether the change was made (false when paused, recommend-only or blocked).")
  private Boolean applied;

  @JsonPropertyDescription("The metrics the decision was based on.")
  private ScalingInputs inputs;

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public Integer getFrom() {
    return from;
  }

  public void setFrom(Integer from) {
    this.from = from;
  }

  public Integer getTo() {
    return to;
  }

  public void setTo(Integer to) {
    this.to = to;
  }

  public String getDirection() {
    return direction;
  }

  public void setDirection(String direction) {
    this.direction = direction;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Boolean getApplied() {
    return applied;
  }

  public void setApplied(Boolean applied) {
    this.applied = applied;
  }

  public ScalingInputs getInputs() {
    return inputs;
  }

  public void setInputs(ScalingInputs inputs) {
    this.inputs = inputs;
  }

}
