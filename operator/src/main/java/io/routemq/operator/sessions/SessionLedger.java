package io.routemq.operator.sessions;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.reconcile.Labels;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which MQTT client ids of each shared group may still have a session on the broker: every worker pod the operator
 * has seen, until its session is known to be ended. Kept in a ConfigMap because the broker's sessions cannot be
 * listed and a pod that is gone leaves nothing else behind; an operator restart must not forget them. One entry per
 * group, the client ids one per line, sorted.
 */
public final class SessionLedger {

  private final SortedMap<String, SortedSet<String>> byGroup;

  private SessionLedger(SortedMap<String, SortedSet<String>> byGroup) {
    this.byGroup = byGroup;
  }

  public static SessionLedger empty() {
    return new SessionLedger(new TreeMap<>());
  }

  /** The ledger ConfigMap's name: a dot, which no group name has, keeps it apart from the groups' objects. */
  public static String configMapName(String cluster) {
    return cluster + ".sessions";
  }

  public static SessionLedger of(ConfigMap configMap) {
    SortedMap<String, SortedSet<String>> byGroup = new TreeMap<>();
    Map<String, String> data = configMap == null ? null : configMap.getData();
    if (data != null) {
      data.forEach((group, ids) -> {
        SortedSet<String> set = new TreeSet<>(Arrays.asList(ids.split("\n")));
        set.remove("");
        if (!set.isEmpty()) {
          byGroup.put(group, set);
        }
      });
    }
    return new SessionLedger(byGroup);
  }

  public Set<String> groups() {
    return Set.copyOf(byGroup.keySet());
  }

  public SortedSet<String> of(String group) {
    return new TreeSet<>(byGroup.getOrDefault(group, new TreeSet<>()));
  }

  /** This ledger with {@code group}'s client ids replaced; an empty set removes the group. */
  public SessionLedger with(String group, Collection<String> clientIds) {
    SortedMap<String, SortedSet<String>> next = new TreeMap<>(byGroup);
    if (clientIds.isEmpty()) {
      next.remove(group);
    } else {
      next.put(group, new TreeSet<>(clientIds));
    }
    return new SessionLedger(next);
  }

  /** The ConfigMap holding this ledger, owned by the cluster (deleted with it). */
  public ConfigMap toConfigMap(RouteMQCluster cluster) {
    SortedMap<String, String> data = new TreeMap<>();
    byGroup.forEach((group, ids) -> data.put(group, String.join("\n", ids)));
    String name = cluster.getMetadata().getName();
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(configMapName(name))
        .withNamespace(cluster.getMetadata().getNamespace())
        .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
        .addToLabels(Labels.PART_OF, name)
        .addToLabels(Labels.CLUSTER, name)
        .addToLabels(Labels.COMPONENT, "session-ledger")
        .withOwnerReferences(Labels.ownerReference(cluster))
        .endMetadata()
        .withData(data)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionLedger other && byGroup.equals(other.byGroup);
  }

  @Override
  public int hashCode() {
    return byGroup.hashCode();
  }

  @Override
  public String toString() {
    return byGroup.toString();
  }
}
