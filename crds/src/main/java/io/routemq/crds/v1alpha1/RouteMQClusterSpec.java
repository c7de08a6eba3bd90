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

  /** The history bound in force: the declared one, or 20 when the API server did not default it. */
  public int effectiveHistoryLimit() {
    return historyLimit == null ? 20 : historyLimit;
  }
}
