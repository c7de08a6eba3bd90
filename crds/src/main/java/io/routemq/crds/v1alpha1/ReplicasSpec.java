package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Either a fixed worker count or a min/max range. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.count) != (has(self.min) || has(self.max))",
    message = "set either replicas.count (a fixed number of workers) or replicas.min and replicas.max, not both")
@ValidationRule(value = "has(self.count) || (has(self.min) && has(self.max))",
    message = "a replicas range needs both min and max")
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "replicas.min must not be greater than replicas.max")
public class ReplicasSpec {

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("A fixed number of workers. The group is then not autoscaled.")
  private Integer count;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("The fewest workers the autoscaler keeps.")
  private Integer min;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("The most workers the autoscaler starts.")
  private Integer max;

  public ReplicasSpec() {}

  public static ReplicasSpec fixed(int count) {
    ReplicasSpec r = new ReplicasSpec();
    r.setCount(count);
    return r;
  }

  public static ReplicasSpec range(int min, int max) {
    ReplicasSpec r = new ReplicasSpec();
    r.setMin(min);
    r.setMax(max);
    return r;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public Integer getMin() {
    return min;
  }

  public void setMin(Integer min) {
    this.min = min;
  }

  public Integer getMax() {
    return max;
  }

  public void setMax(Integer max) {
    this.max = max;
  }
}
