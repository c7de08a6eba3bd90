package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/** Turns a cluster spec and what runs now into every object each group should have (pure). */
public final class DesiredState {

  private final ReplicaPlanner replicaPlanner;
  private final Optional<String> brokerSecretsHash;

  public DesiredState(ReplicaPlanner replicaPlanner) {
    this(replicaPlanner, Optional.empty());
  }

  /** @param brokerSecretsHash {@link BrokerSecrets#hash}, empty when the cluster names no Secret */
  public DesiredState(ReplicaPlanner replicaPlanner, Optional<String> brokerSecretsHash) {
    this.replicaPlanner = replicaPlanner;
    this.brokerSecretsHash = brokerSecretsHash;
  }

  public List<DesiredGroup> of(RouteMQCluster cluster, ObservedState observed) {
    List<DesiredGroup> groups = new ArrayList<>();
    for (GroupSpec group : cluster.getSpec().getGroups()) {
      groups.add(group(cluster, group, observed));
    }
    return groups;
  }

  DesiredGroup group(RouteMQCluster cluster, GroupSpec group, ObservedState observed) {
    String json = RouteConfigMaps.routeTableJson(cluster, group);
    String hash = RouteConfigMaps.hash(json);
    Integer replicas =
        replicaPlanner.replicas(cluster, group, observed.currentReplicas(group.getName()));
    String owner = ReplicaPlanner.owner(group);
    Deployment deployment = WorkerDeployments.desired(cluster, group, replicas, hash, brokerSecretsHash);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (deployment.getMetadata().getAnnotations() != null) {
      annotations.putAll(deployment.getMetadata().getAnnotations());
    }
    annotations.put(Labels.REPLICAS_OWNER, owner);
    deployment.getMetadata().setAnnotations(annotations);
    boolean hpaMode =
        group.isShared() && group.effectiveAutoscalingMode() == AutoscalingMode.HPA;
    return new DesiredGroup(
        group.getName(),
        hash,
        owner,
        RouteConfigMaps.desired(cluster, group, json),
        deployment,
        ScalingObjects.needsPdb(group) ? ScalingObjects.pdb(cluster, group) : null,
        hpaMode ? ScalingObjects.hpa(cluster, group, replicaPlanner.hpaMinReplicas(group),
            replicaPlanner.hpaMaxReplicas(group)) : null);
  }
}
