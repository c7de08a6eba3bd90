package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** One worker group: a Deployment whose workers share the group's subscriptions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.shared || !has(self.replicas) || (has(self.replicas.count) && self.replicas.count == 1)",
    message = "a non-shared group is one ordered consumer: set replicas.count to 1, or make the group shared")
@ValidationRule(
    value = "!has(self.autoscaling) || self.autoscaling.mode == 'Off' || (has(self.replicas) && !has(self.replicas.count))",
    message = "a fixed replicas.count cannot be autoscaled (no replicas means a count of 1):"
        + " give replicas.min and replicas.max, or set autoscaling.mode to Off")
@ValidationRule(
    value = "!has(self.autoscaling) || self.autoscaling.mode != 'HPA' || !has(self.replicas)"
        + " || !has(self.replicas.min) || self.replicas.min >= 1",
    message = "autoscaling.mode HPA needs replicas.min of at least 1: a HorizontalPodAutoscaler cannot scale to zero;"
        + " use mode Operator to park a group at 0 workers")
public class GroupSpec {

  @Required
  @Size(min = 1, max = 40)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Group name: lower-case letters, digits and '-', starting with a letter (a DNS-1035 label),"
      + " at most 40 characters. Names the Deployment <cluster>-<group> and the shared subscription"
      + " $share/<cluster>-<group>/<filter>.")
  private String name;

  @Default("true")
  @JsonPropertyDescription("true (default): workers split the messages through an MQTT shared subscription."
      + " false: one worker receives every message and handles them in order.")
  private Boolean shared;

  @JsonPropertyDescription("How many workers: a fixed count, or a min/max range the autoscaler keeps to."
      + " Default: a fixed count of 1.")
  private ReplicasSpec replicas;

  @Min(1)
  @Max(65535)
  @Default("64")
  @JsonPropertyDescription("Messages a worker handles at once (its handler threads). A shared group's worker takes a"
      + " quarter more (at least 2) from the broker, so that a thread finds its next message waiting: that is its MQTT"
      + " receive maximum. Default 64.")
  private Integer concurrency;

  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(value = "self.all(r, self.exists_one(s, s.topic == r.topic))",
      message = "route topics must be unique within a group")
  @JsonPropertyDescription("Routes: which topics this group handles and with which handler.")
  private List<RouteSpec> routes = new ArrayList<>();

  @JsonPropertyDescription("What happens when a handler fails: retries, then the dead-letter topic.")
  private FailurePolicySpec failurePolicy;

  @JsonPropertyDescription("How the operator sizes this group. Default: mode Operator for a min/max range.")
  private AutoscalingSpec autoscaling;

  @Min(-1000)
  @Max(1000)
  @Default("0")
  @JsonPropertyDescription("Under spec.workerBudget: groups with a higher priority get the workers they need first;"
      + " among equal priorities the group declared first does. From -1000 to 1000, default 0. Without a budget"
      + " it has no effect.")
  private Integer priority;

  @JsonPropertyDescription("Resources of this group's workers, replacing worker.resources.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Environment variables added to this group's workers, after worker.env.")
  private List<EnvVar> env;

  public GroupSpec() {}

  public GroupSpec(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getShared() {
    return shared;
  }

  public void setShared(Boolean shared) {
    this.shared = shared;
  }

  public ReplicasSpec getReplicas() {
    return replicas;
  }

  public void setReplicas(ReplicasSpec replicas) {
    this.replicas = replicas;
  }

  public Integer getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(Integer concurrency) {
    this.concurrency = concurrency;
  }

  public List<RouteSpec> getRoutes() {
    return routes;
  }

  public void setRoutes(List<RouteSpec> routes) {
    this.routes = routes;
  }

  public FailurePolicySpec getFailurePolicy() {
    return failurePolicy;
  }

  public void setFailurePolicy(FailurePolicySpec failurePolicy) {
    this.failurePolicy = failurePolicy;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  /** The priority in force: the declared one, or 0 when the API server did not default it. */
  public int effectivePriority() {
    return priority == null ? 0 : priority;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public boolean isShared() {
    return shared == null || shared;
  }

  public int effectiveConcurrency() {
    return concurrency == null ? 64 : concurrency;
  }

  /** The fewest workers the group may run: the fixed count, the range's min, or 1. */
  public int minReplicas() {
    if (replicas == null) {
      return 1;
    }
    if (replicas.getCount() != null) {
      return replicas.getCount();
    }
    return replicas.getMin() == null ? 1 : replicas.getMin();
  }

  /** The most workers the group may run: the fixed count, the range's max, or the min. */
  public int maxReplicas() {
    if (replicas == null) {
      return 1;
    }
    if (replicas.getCount() != null) {
      return replicas.getCount();
    }
    return replicas.getMax() == null ? minReplicas() : replicas.getMax();
  }

  /** The autoscaling mode in force: Off for a fixed count, else the declared mode (default Operator). */
  public AutoscalingMode effectiveAutoscalingMode() {
    if (replicas == null || replicas.getCount() != null) {
      return AutoscalingMode.Off;
    }
    if (autoscaling == null || autoscaling.getMode() == null) {
      return AutoscalingMode.Operator;
    }
    return autoscaling.getMode();
  }
}
