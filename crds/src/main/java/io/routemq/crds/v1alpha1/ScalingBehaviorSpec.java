package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Limits on one direction of scaling, with the meaning of HPA v2 {@code behavior}: a change is made
 * only to the most conservative recommendation of the window, and at most one step at a time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingBehaviorSpec {

  @Min(0)
  @Max(3600)
  @JsonPropertyDescription("Seconds of recommendations considered: scaling up uses the lowest of the window, scaling"
      + " down the highest demand (workers added only to drain a backlog go after backlogDrainSeconds), so a short"
      + " swing causes no change. The arrival rate sized on is its mean over the scale-down window, at most 60 s.")
  private Integer stabilizationSeconds;

  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("Largest change in one step, in percent of the current workers.")
  private Integer maxStepPercent;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Largest change in one step, in workers. With maxStepPercent too, the larger limit applies"
      + " (HPA's selectPolicy Max).")
  private Integer maxStepWorkers;

  public Integer getStabilizationSeconds() {
    return stabilizationSeconds;
  }

  public void setStabilizationSeconds(Integer stabilizationSeconds) {
    this.stabilizationSeconds = stabilizationSeconds;
  }

  public Integer getMaxStepPercent() {
    return maxStepPercent;
  }

  public void setMaxStepPercent(Integer maxStepPercent) {
    this.maxStepPercent = maxStepPercent;
  }

  public Integer getMaxStepWorkers() {
    return maxStepWorkers;
  }

  public void setMaxStepWorkers(Integer maxStepWorkers) {
    this.maxStepWorkers = maxStepWorkers;
  }
}
