package io.routemq.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * What one group's Deployment reports.
 *
 * @param exists false when the Deployment is not there (yet)
 * @param rolledOut the Deployment controller has seen the newest spec and every pod runs it
 * @param failure why the Deployment controller gave up (ReplicaFailure, ProgressDeadlineExceeded), or null
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
    String failure) {

  public boolean isReady() {
    return exists && rolledOut && ready >= desired && available >= desired;
  }

  public static GroupObservation of(
      String name, String deploymentName, String mode, String configHash, Deployment deployment) {
    if (deployment == null) {
      return new GroupObservation(name, deploymentName, mode, configHash, false, 0, 0, 0, false, null);
    }
    int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    DeploymentStatus s = deployment.getStatus();
    if (s == null) {
      return new GroupObservation(name, deploymentName, mode, configHash, true, desired, 0, 0, desired == 0, null);
    }
    Long generation = deployment.getMetadata().getGeneration();
    boolean seen = generation == null || (s.getObservedGeneration() != null && s.getObservedGeneration() >= generation);
    int updated = nz(s.getUpdatedReplicas());
    int total = nz(s.getReplicas());
    boolean rolledOut = seen && updated >= desired && total <= desired;
    return new GroupObservation(name, deploymentName, mode, configHash, true, desired,
        nz(s.getReadyReplicas()), nz(s.getAvailableReplicas()), rolledOut, failure(s));
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
