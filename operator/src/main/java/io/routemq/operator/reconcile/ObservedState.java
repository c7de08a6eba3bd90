package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/** The child objects a cluster owns now, by group name (from the informer caches). */
public record ObservedState(
    Map<String, ConfigMap> configMaps,
    Map<String, Deployment> deployments,
    Map<String, PodDisruptionBudget> pdbs,
    Map<String, HorizontalPodAutoscaler> hpas,
    Map<String, List<Pod>> pods) {

  public static ObservedState of(
      Collection<ConfigMap> configMaps,
      Collection<Deployment> deployments,
      Collection<PodDisruptionBudget> pdbs,
      Collection<HorizontalPodAutoscaler> hpas,
      Collection<Pod> pods) {
    return new ObservedState(byGroup(configMaps), byGroup(deployments), byGroup(pdbs), byGroup(hpas),
        podsByGroup(pods));
  }

  public static ObservedState empty() {
    return new ObservedState(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** The group's worker pods (any phase), empty when there are none. */
  public List<Pod> pods(String group) {
    return pods.getOrDefault(group, List.of());
  }

  /** spec.replicas of the group's Deployment, empty when it does not exist. */
  public OptionalInt currentReplicas(String group) {
    Deployment d = deployments.get(group);
    if (d == null || d.getSpec() == null) {
      return OptionalInt.empty();
    }
    Integer replicas = d.getSpec().getReplicas();
    // Kubernetes defaults an absent spec.replicas to 1.
    return OptionalInt.of(replicas == null ? 1 : replicas);
  }

  private static Map<String, List<Pod>> podsByGroup(Collection<Pod> pods) {
    Map<String, List<Pod>> map = new TreeMap<>();
    for (Pod p : pods) {
      String group = Labels.groupOf(p);
      if (group != null) {
        map.computeIfAbsent(group, g -> new ArrayList<>()).add(p);
      }
    }
    return map;
  }

  private static <T extends HasMetadata> Map<String, T> byGroup(Collection<T> resources) {
    Map<String, T> map = new TreeMap<>();
    for (T r : resources) {
      String group = Labels.groupOf(r);
      if (group != null) {
        map.put(group, r);
      }
    }
    return map;
  }
}
