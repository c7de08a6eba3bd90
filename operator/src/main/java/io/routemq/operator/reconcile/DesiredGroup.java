package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Everything one group should have.
 *
 * @param pdb null when the group needs none
 * @param hpa null unless the group is in HPA mode
 * @param replicasOwner who owns the Deployment's spec.replicas: operator, hpa or spec
 */
public record DesiredGroup(
    String name,
    String configHash,
    String replicasOwner,
    ConfigMap configMap,
    Deployment deployment,
    PodDisruptionBudget pdb,
    HorizontalPodAutoscaler hpa) {}
