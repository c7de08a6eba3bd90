package io.routemq.operator.autoscaling;

import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.PredictiveSpec;
import java.time.Duration;

/**
 * A group's predictive pre-scaling settings (opt-in), apart from {@link ScalingPolicy} so that turning it on changes
 * nothing else.
 *
 * @param enabled learn the group's rate profile and scale ahead of the rises it predicts
 * @param lead how far ahead of a predicted rise the workers are added: the workers' start-up time (pod creation to
 *     ready); the rule looks {@code lead} plus one decision interval ahead
 */
public record PredictivePolicy(boolean enabled, Duration lead) {
  public static final int DEFAULT_LEAD_SECONDS = 60;
  public static final PredictivePolicy OFF = new PredictivePolicy(false, Duration.ofSeconds(DEFAULT_LEAD_SECONDS));

  public static PredictivePolicy enabled(Duration lead) {
    return new PredictivePolicy(true, lead);
  }

  public static PredictivePolicy from(GroupSpec group) {
    AutoscalingSpec as = group.getAutoscaling();
    PredictiveSpec spec = as == null ? null : as.getPredictive();
    if (spec == null || !Boolean.TRUE.equals(spec.getEnabled())) {
      return OFF;
    }
    int lead = spec.getLeadSeconds() != null ? spec.getLeadSeconds() : DEFAULT_LEAD_SECONDS;
    return enabled(Duration.ofSeconds(Math.max(0, lead)));
  }
}
