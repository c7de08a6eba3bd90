package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels, annotations and owner references every child object of a RouteMQCluster carries. */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String CLUSTER = "routemq.io/cluster";
  public static final String GROUP = "routemq.io/group";

  public static final String WORKER_APP = "routemq-worker";
  public static final String OPERATOR = "routemq-operator";
  /** Label selector of every informer: the operator only caches what it manages. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  /** Pod-template annotation holding the route-table hash; a new value rolls the Deployment. */
  public static final String CONFIG_HASH = "routemq.io/config-hash";
  /** Pod-template annotation holding the hash of the broker Secrets' values; a rotation rolls the Deployment. */
  public static final String BROKER_SECRETS_HASH = "routemq.io/broker-secrets-hash";
  /** Deployment annotation naming who owns spec.replicas: operator, hpa or spec. */
  public static final String REPLICAS_OWNER = "routemq.io/replicas-owner";

  private Labels() {}

  /** All labels of a group's objects. */
  public static Map<String, String> forGroup(String cluster, String group) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, WORKER_APP);
    labels.put(INSTANCE, RouteMQCluster.childName(cluster, group));
    labels.put(COMPONENT, "worker");
    labels.put(PART_OF, cluster);
    labels.put(MANAGED_BY, OPERATOR);
    labels.putAll(selector(cluster, group));
    return labels;
  }

  /** The Deployment selector: immutable on a real API server, so it holds only stable names. */
  public static Map<String, String> selector(String cluster, String group) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(CLUSTER, cluster);
    selector.put(GROUP, group);
    return selector;
  }

  /** The controller owner reference: a real API server deletes children when the cluster goes. */
  /** Metadata every child object of a group carries: its name, namespace, labels and owner. */
  public static ObjectMeta childMetadata(RouteMQCluster cluster, GroupSpec group) {
    String clusterName = cluster.getMetadata().getName();
    return new ObjectMetaBuilder()
        .withName(RouteMQCluster.childName(clusterName, group.getName()))
        .withNamespace(cluster.getMetadata().getNamespace())
        .withLabels(forGroup(clusterName, group.getName()))
        .withOwnerReferences(ownerReference(cluster))
        .build();
  }

  public static OwnerReference ownerReference(RouteMQCluster cluster) {
    return new OwnerReferenceBuilder()
        .withApiVersion(HasMetadata.getApiVersion(RouteMQCluster.class))
        .withKind(HasMetadata.getKind(RouteMQCluster.class))
        .withName(cluster.getMetadata().getName())
        .withUid(cluster.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** The group a managed object belongs to, or null. */
  public static String groupOf(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels == null ? null : labels.get(GROUP);
  }
}
