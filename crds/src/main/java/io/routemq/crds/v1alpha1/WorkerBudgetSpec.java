package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A cap on the workers of all groups of one RouteMQCluster together. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerBudgetSpec {

  /** 16 groups of at most 1000 workers: a larger budget could never be reached. */
  public static final int MAX_WORKERS = 16000;

  @Required
  @Min(1)
  @Max(MAX_WORKERS)
  @JsonPropertyDescription("The most workers the cluster's groups run together (the sum of their Deployments'"
      + " replicas; draining workers are not counted). Every group first gets its minimum (replicas.min, a fixed"
      + " replicas.count, or 1), so this must be at least the sum of those minimums; what is left goes to the"
      + " groups' needs in order of groups[].priority, highest first, ties in the order the groups are declared."
      + " A group that gets less than it needs is capped and condition ScalingLimited says by how much.")
  private Integer maxWorkers;

  public WorkerBudgetSpec() {}

  public WorkerBudgetSpec(int maxWorkers) {
    this.maxWorkers = maxWorkers;
  }

  public Integer getMaxWorkers() {
    return maxWorkers;
  }

  public void setMaxWorkers(Integer maxWorkers) {
    this.maxWorkers = maxWorkers;
  }
}
