package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;

/**
 * The pod informer's cache, keeping of each worker pod only what the operator reads: name, labels, annotations,
 * owners, deletion time, the containers' names and ports, and the status (phase, IP, conditions, container states
 * with their termination messages). Measured on the real API server: with whole pods (managedFields, env, probes,
 * volumes, security context) 1,000 clusters' 3,000 pods filled the operator's 128 MB heap, it spent its time in full
 * collections, missed its Lease renewals and lost leadership; the pruned cache fits.
 */
final class PrunedPodStore extends LeanItemStore<Pod> {

  @Override
  public Pod put(String key, Pod pod) {
    return super.put(key, prune(pod));
  }

  static Pod prune(Pod pod) {
    ObjectMeta m = pod.getMetadata();
    ObjectMeta meta = new ObjectMetaBuilder()
        .withName(m.getName())
        .withNamespace(m.getNamespace())
        .withUid(m.getUid())
        .withResourceVersion(m.getResourceVersion())
        .withCreationTimestamp(m.getCreationTimestamp())
        .withDeletionTimestamp(m.getDeletionTimestamp())
        .withLabels(m.getLabels())
        .withAnnotations(m.getAnnotations())
        .withOwnerReferences(m.getOwnerReferences())
        .build();
    List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
        : pod.getSpec().getContainers().stream()
            .map(c -> new ContainerBuilder().withName(c.getName()).withPorts(c.getPorts()).build()).toList();
    PodStatus s = pod.getStatus();
    PodStatus status = s == null ? null : new PodStatusBuilder()
        .withPhase(s.getPhase())
        .withReason(s.getReason())
        .withPodIP(s.getPodIP())
        .withConditions(s.getConditions())
        .withContainerStatuses(s.getContainerStatuses())
        .build();
    return new PodBuilder()
        .withApiVersion(pod.getApiVersion())
        .withKind(pod.getKind())
        .withMetadata(meta)
        .withNewSpec().withContainers(containers).withNodeName(pod.getSpec() == null ? null
            : pod.getSpec().getNodeName()).endSpec()
        .withStatus(status)
        .build();
  }
}
