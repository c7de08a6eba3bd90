package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Predictive pre-scaling of a group: learn its daily and weekly rate profile and add workers ahead of a rise. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PredictiveSpec {

  @Default("false")
  @JsonPropertyDescription("Learn the group's arrival rate per five-minute slot of the day and of the week (kept in"
      + " the ConfigMap <cluster>-rate-profiles) and add workers ahead of a rise the profile expects; never fewer than"
      + " the reactive rule asks. Predicts after one day of learning (weekly slots after one week). Default false.")
  private Boolean enabled;

  @Min(0)
  @Max(3600)
  @Default("60")
  @JsonPropertyDescription("How many seconds ahead of a predicted rise workers are added: set it to the workers'"
      + " start-up time (pod creation to ready). The profile is read this far plus one metrics interval ahead."
      + " Default 60.")
  private Integer leadSeconds;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getLeadSeconds() {
    return leadSeconds;
  }

  public void setLeadSeconds(Integer leadSeconds) {
    this.leadSeconds = leadSeconds;
  }
}
