package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes the desired children: create when absent, update (with the read resourceVersion, so a
 * concurrent writer yields a 409 and a retry) when drifted, delete what no group wants any more.
 * Writes go through JOSDK's resource operations so the informer caches see them at once.
 */
public final class ChildApplier {

  private static final Logger LOG = LoggerFactory.getLogger(ChildApplier.class);
  /** Set by {@code kubectl rollout restart}; a user's restart must survive drift correction. */
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** What the apply step did, for status and events. */
  public record Result(Map<String, Deployment> deployments, Set<String> removedGroups, int writes) {}

  public Result apply(
      RouteMQCluster cluster, List<DesiredGroup> desired, ObservedState observed, Context<RouteMQCluster> ctx) {
    Map<String, Deployment> deployments = new LinkedHashMap<>();
    int[] writes = {0};
    for (DesiredGroup group : desired) {
      MDC.put("group", group.name());
      try {
        createOrUpdate(group.configMap(), observed.configMaps().get(group.name()), ctx, writes);
        Deployment current = observed.deployments().get(group.name());
        Deployment written =
            createOrUpdate(forUpdate(group.deployment(), current), current, ctx, writes);
        deployments.put(group.name(), written);
        reconcileOptional(group.pdb(), observed.pdbs().get(group.name()), ctx, writes);
        HorizontalPodAutoscaler hpa = observed.hpas().get(group.name());
        reconcileOptional(group.hpa() == null ? null : withStatusOf(group.hpa(), hpa), hpa, ctx, writes);
      } finally {
        MDC.remove("group");
      }
    }
    Set<String> wanted = desired.stream().map(DesiredGroup::name).collect(Collectors.toSet());
    Set<String> removed = new TreeSet<>();
    removed.addAll(deleteUnwanted(observed.deployments(), wanted, ctx, writes));
    removed.addAll(deleteUnwanted(observed.configMaps(), wanted, ctx, writes));
    removed.addAll(deleteUnwanted(observed.pdbs(), wanted, ctx, writes));
    removed.addAll(deleteUnwanted(observed.hpas(), wanted, ctx, writes));
    return new Result(deployments, removed, writes[0]);
  }

  private <T extends HasMetadata> void reconcileOptional(
      T desired, T current, Context<RouteMQCluster> ctx, int[] writes) {
    if (desired != null) {
      createOrUpdate(desired, current, ctx, writes);
    } else if (current != null) {
      LOG.info("deleting {} {}: no longer wanted", current.getKind(), current.getMetadata().getName());
      ctx.getClient().resource(current).delete();
      writes[0]++;
    }
  }

  private <T extends HasMetadata> T createOrUpdate(
      T desired, T current, Context<RouteMQCluster> ctx, int[] writes) {
    if (current == null) {
      LOG.debug("creating {} {}", desired.getKind(), desired.getMetadata().getName());
      writes[0]++;
      try {
        return ctx.resourceOperations().create(desired);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        T existing = ctx.getClient().resource(desired).get();
        if (isForeign(existing, desired)) {
          throw new ForeignObjectException(desired.getKind(), desired.getMetadata().getName());
        }
        if (existing == null) {
          throw e;
        }
        // Ours, but out of the informer's sight (someone removed its labels). Relabel only: the
        // informer then sees it again and the next reconcile plans from what it really runs.
        LOG.info("relabelling {} {}: it lost the operator's labels", desired.getKind(), desired.getMetadata().getName());
        Map<String, String> labels = desired.getMetadata().getLabels();
        return ctx.getClient().resource(existing).edit(r -> {
          r.getMetadata().setLabels(merged(r.getMetadata().getLabels(), labels));
          return r;
        });
      }
    }
    if (DriftMatcher.matches(desired, current)) {
      return current;
    }
    LOG.info("updating {} {}: it differs from the spec", desired.getKind(), desired.getMetadata().getName());
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    desired.getMetadata().setLabels(merged(current.getMetadata().getLabels(), desired.getMetadata().getLabels()));
    desired.getMetadata().setAnnotations(
        merged(current.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()));
    writes[0]++;
    return ctx.resourceOperations().update(desired);
  }

  /**
   * The Deployment body to write over {@code current}: spec.replicas stays with its owner when the
   * desired object leaves it out, and status and a user's rollout restart are carried over (a real
   * API server ignores status on this endpoint; the mock API server would otherwise wipe it).
   */
  static Deployment forUpdate(Deployment desired, Deployment current) {
    if (current == null) {
      return desired;
    }
    if (desired.getSpec().getReplicas() == null) {
      desired.getSpec().setReplicas(current.getSpec().getReplicas());
    }
    desired.setStatus(current.getStatus());
    Map<String, String> currentPod = current.getSpec().getTemplate().getMetadata() == null
        ? null : current.getSpec().getTemplate().getMetadata().getAnnotations();
    if (currentPod != null && currentPod.containsKey(RESTARTED_AT)) {
      desired.getSpec().getTemplate().getMetadata().getAnnotations()
          .put(RESTARTED_AT, currentPod.get(RESTARTED_AT));
    }
    return desired;
  }

  private static HorizontalPodAutoscaler withStatusOf(
      HorizontalPodAutoscaler desired, HorizontalPodAutoscaler current) {
    if (current != null) {
      desired.setStatus(current.getStatus());
    }
    return desired;
  }

  private <T extends HasMetadata> Set<String> deleteUnwanted(
      Map<String, T> existing, Set<String> wanted, Context<RouteMQCluster> ctx, int[] writes) {
    Set<String> removed = new TreeSet<>();
    existing.forEach((group, resource) -> {
      if (!wanted.contains(group)) {
        LOG.info("deleting {} {}: group {} was removed from the spec",
            resource.getKind(), resource.getMetadata().getName(), group);
        ctx.getClient().resource(resource).delete();
        writes[0]++;
        removed.add(group);
      }
    });
    return removed;
  }

  /** Not ours: no owner reference to this cluster (the cache may simply lag behind our own create). */
  private static boolean isForeign(HasMetadata existing, HasMetadata desired) {
    if (existing == null) {
      return false;
    }
    String uid = desired.getMetadata().getOwnerReferences().get(0).getUid();
    return existing.getMetadata().getOwnerReferences() == null
        || existing.getMetadata().getOwnerReferences().stream().noneMatch(o -> uid.equals(o.getUid()));
  }

  private static Map<String, String> merged(Map<String, String> base, Map<String, String> ours) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (base != null) {
      merged.putAll(base);
    }
    if (ours != null) {
      merged.putAll(ours);
    }
    return merged;
  }
}
