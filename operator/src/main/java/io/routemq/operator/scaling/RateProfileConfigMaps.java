package io.routemq.operator.scaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.autoscaling.RateProfile;
import io.routemq.operator.reconcile.Labels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the learned rate profiles of predictive groups survive an operator restart: one ConfigMap per cluster,
 * {@code <cluster>-rate-profiles}, one key {@code <group>.json} per group (about 20 KB each; at most 16 groups keeps
 * it far below the 1 MiB object limit), owned by the cluster so that it is garbage-collected with it.
 *
 * <p>Not status: status is the operator's answer to {@code kubectl get -o yaml}, rewritten by every reconcile that
 * changes something, and 20 KB of numbers per group there would bury what people read and make every status patch
 * carry them. Not memory only: a profile takes a day (a week for weekly slots) to learn, and an operator upgrade or
 * a leader change would throw that away. The ConfigMap carries no {@code managed-by} label: the informers select on
 * it, so these writes neither fill the operator's caches nor trigger reconciles, and the child applier never sees it
 * as a group's object. It is written at most every few minutes (see {@link AutoscalingGroupScaler}), not per
 * decision.
 */
public class RateProfileConfigMaps {
  private static final Logger LOG = LoggerFactory.getLogger(RateProfileConfigMaps.class);
  static final String SUFFIX = "-rate-profiles";
  static final String COMPONENT = "rate-profiles";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final KubernetesClient client;

  public RateProfileConfigMaps(KubernetesClient client) {
    this.client = client;
  }

  /** No persistence: profiles live as long as the process (tests of the scaler alone). */
  static RateProfileConfigMaps none() {
    return new RateProfileConfigMaps(null) {
      @Override
      public Map<String, RateProfile.Snapshot> read(RouteMQCluster cluster) {
        return Map.of();
      }

      @Override
      public void write(RouteMQCluster cluster, Map<String, RateProfile.Snapshot> profiles) {}
    };
  }

  public static String name(RouteMQCluster cluster) {
    return cluster.getMetadata().getName() + SUFFIX;
  }

  /** The persisted profiles by group name; none when the ConfigMap is absent. A key that does not parse is skipped. */
  public Map<String, RateProfile.Snapshot> read(RouteMQCluster cluster) {
    ConfigMap cm = client.configMaps().inNamespace(cluster.getMetadata().getNamespace()).withName(name(cluster)).get();
    return decode(cm);
  }

  /** Writes the profiles (the whole ConfigMap: groups no longer predictive drop out). */
  public void write(RouteMQCluster cluster, Map<String, RateProfile.Snapshot> profiles) {
    client.configMaps().inNamespace(cluster.getMetadata().getNamespace()).resource(desired(cluster, profiles))
        .createOr(NonDeletingOperation::update);
  }

  /** The ConfigMap for these profiles (pure). */
  public static ConfigMap desired(RouteMQCluster cluster, Map<String, RateProfile.Snapshot> profiles) {
    Map<String, String> data = new TreeMap<>();
    profiles.forEach((group, snapshot) -> data.put(group + ".json", encode(snapshot)));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.PART_OF, cluster.getMetadata().getName());
    labels.put(Labels.COMPONENT, COMPONENT);
    labels.put(Labels.CLUSTER, cluster.getMetadata().getName());
    return new ConfigMapBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(name(cluster))
            .withNamespace(cluster.getMetadata().getNamespace())
            .withLabels(labels)
            .withOwnerReferences(Labels.ownerReference(cluster))
            .build())
        .withData(data)
        .build();
  }

  static String encode(RateProfile.Snapshot snapshot) {
    try {
      return JSON.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a snapshot of arrays always serializes", e);
    }
  }

  static Map<String, RateProfile.Snapshot> decode(ConfigMap cm) {
    Map<String, RateProfile.Snapshot> out = new TreeMap<>();
    if (cm == null || cm.getData() == null) {
      return out;
    }
    cm.getData().forEach((key, json) -> {
      if (!key.endsWith(".json")) {
        return;
      }
      try {
        out.put(key.substring(0, key.length() - ".json".length()), JSON.readValue(json, RateProfile.Snapshot.class));
      } catch (JsonProcessingException e) {
        // A hand-edited or foreign value: learn that group again rather than fail its scaling.
        LOG.warn("ignoring rate profile {} in ConfigMap {}: {}", key, cm.getMetadata().getName(), e.getOriginalMessage());
      }
    });
    return out;
  }
}
