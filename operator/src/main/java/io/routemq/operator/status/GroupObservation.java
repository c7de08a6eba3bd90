package io.routemq.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one group's Deployment reports.
 *
 * @param exists false when the Deployment is not there (yet)
 * @param rolledOut the Deployment controller has seen the newest spec and every pod runs it
 * @param failureReason {@link #DEPLOYMENT_FAILED} or {@link #CRASH_LOOPING}, or null
 * @param failure why: what the Deployment controller gave up on (ReplicaFailure, ProgressDeadlineExceeded), or
 *     which worker pods keep dying and their last words ({@link CrashLoopingPods}); null when neither
 */
public record GroupObservation(
    String name,
    String deployment,
    String autoscalingMode,
    String configHash,
    boolean exists,
    int desired,
    int ready,
    int available,
    boolean rolledOut,
    String failureReason,
    String failure) {

  public static final String DEPLOYMENT_FAILED = "DeploymentFailed";
  public static final String CRASH_LOOPING = "WorkersCrashLooping";

  public boolean isReady() {
    return exists && rolledOut && ready >= desired && available >= desired;
  }

  /**
   * @param pods the group's worker pods, read for crash loops (a Deployment reports those only at its progress
   *     deadline)
   */
  public static GroupObservation of(String name, String deploymentName, String mode, String configHash,
      Deployment deployment, List<Pod> pods, Instant now) {
    if (deployment == null) {
      return new GroupObservation(name, deploymentName, mode, configHash, false, 0, 0, 0, false, null, null);
    }
    int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    DeploymentStatus s = deployment.getStatus();
    Optional<String> crashLoop = CrashLoopingPods.describe(pods, now);
    String deploymentFailure = s == null ? null : failure(s);
    String reason = deploymentFailure != null ? DEPLOYMENT_FAILED : crashLoop.isPresent() ? CRASH_LOOPING : null;
    String failure = deploymentFailure != null ? deploymentFailure : crashLoop.orElse(null);
    if (s == null) {
      return new GroupObservation(name, deploymentName, mode, configHash, true, desired, 0, 0, desired == 0,
          reason, failure);
    }
    Long generation = deployment.getMetadata().getGeneration();
    boolean seen = generation == null || (s.getObservedGeneration() != null && s.getObservedGeneration() >= generation);
    int updated = nz(s.getUpdatedReplicas());
    int total = nz(s.getReplicas());
    boolean rolledOut = seen && updated >= desired && total <= desired;
    return new GroupObservation(name, deploymentName, mode, configHash, true, desired,
        nz(s.getReadyReplicas()), nz(s.getAvailableReplicas()), rolledOut, reason, failure);
  }

  private static String failure(DeploymentStatus status) {
    if (status.getConditions() == null) {
      return null;
    }
    for (DeploymentCondition c : status.getConditions()) {
      if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        return "ReplicaFailure: " + c.getMessage();
      }
      if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return "ProgressDeadlineExceeded: " + c.getMessage();
      }
    }
    return null;
  }

  private static int nz(Integer value) {
    return value == null ? 0 : value;
  }
}
