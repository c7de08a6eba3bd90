package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a RouteMQ worker fleet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.groups.all(g, !has(g.autoscaling) || !has(g.autoscaling.targets) || !has(g.autoscaling.targets.cpuUtilization)"
        + " || (has(g.resources) ? has(g.resources.requests) && 'cpu' in g.resources.requests"
        + " : has(self.worker.resources) && has(self.worker.resources.requests) && 'cpu' in self.worker.resources.requests))",
    message = "a targets.cpuUtilization needs a CPU request: set the group's resources.requests.cpu, or"
        + " worker.resources.requests.cpu when the group has no resources of its own (they replace worker.resources);"
        + " utilization is measured against the request")
// Here, not on workerBudget: the rule compares the budget with the groups, and this is the smallest object holding
// both. sum() is Kubernetes' list library (on every supported API server); groups has maxItems 16, so the cost is low.
@ValidationRule(
    value = "!has(self.workerBudget) || self.groups.map(g, !has(g.replicas) ? 1"
        + " : has(g.replicas.count) ? g.replicas.count : has(g.replicas.min) ? g.replicas.min : 1).sum()"
        + " <= self.workerBudget.maxWorkers",
    message = "workerBudget.maxWorkers must be at least the sum of the groups' minimum workers (replicas.min,"
        + " replicas.count, or 1 without replicas): every group is always granted its minimum; raise the budget or"
        + " lower a minimum")
public class RouteMQClusterSpec {

  @Required
  @JsonPropertyDescription("How workers reach the MQTT broker.")
  private BrokerSpec broker;

  @Required
  @JsonPropertyDescription("The pod template shared by the workers of every group.")
  private WorkerSpec worker;

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(value = "self.all(g, self.exists_one(h, h.name == g.name))",
      message = "group names must be unique within a RouteMQCluster")
  @JsonPropertyDescription("Worker groups. Each group becomes one Deployment named <cluster>-<group> that"
      + " serves its routes; a shared group splits messages over its workers with an MQTT shared subscription.")
  private List<GroupSpec> groups = new ArrayList<>();

  @Min(0)
  @Max(100)
  @Default("20")
  @JsonPropertyDescription("How many scaling events status.scalingHistory keeps, newest first. Default 20.")
  private Integer historyLimit;

  @JsonPropertyDescription("A cap on the workers of all groups together, shared by priority (groups[].priority)."
      + " Absent: no cap, each group is bounded by its own replicas.max only.")
  private WorkerBudgetSpec workerBudget;

  public BrokerSpec getBroker() {
    return broker;
  }

  public void setBroker(BrokerSpec broker) {
    this.broker = broker;
  }

  public WorkerSpec getWorker() {
    return worker;
  }

  public void setWorker(WorkerSpec worker) {
    this.worker = worker;
  }

  public List<GroupSpec> getGroups() {
    return groups;
  }

  public void setGroups(List<GroupSpec> groups) {
    this.groups = groups;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }

  public WorkerBudgetSpec getWorkerBudget() {
    return workerBudget;
  }

  public void setWorkerBudget(WorkerBudgetSpec workerBudget) {
    this.workerBudget = workerBudget;
  }

  /** The history bound in force: the declared one, or 20 when the API server did not default it. */
  public int effectiveHistoryLimit() {
    return historyLimit == null ? 20 : historyLimit;
  }
}
