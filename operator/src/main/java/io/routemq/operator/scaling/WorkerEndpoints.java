package io.routemq.operator.scaling;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.operator.metrics.PodEndpoint;
import java.util.ArrayList;
import java.util.List;

/** The metrics addresses of a group's ready, not terminating worker pods. */
final class WorkerEndpoints {
  private WorkerEndpoints() {}

  static List<PodEndpoint> ready(List<Pod> pods) {
    List<PodEndpoint> out = new ArrayList<>();
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() == null && isReady(pod)) {
        out.add(PodEndpoint.of(pod.getMetadata().getName(),
            "http://" + pod.getStatus().getPodIP() + ":" + httpPort(pod)));
      }
    }
    return out;
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getPodIP() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The container port named "http" (what the operator writes), else the contract's port. */
  private static int httpPort(Pod pod) {
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
      for (Container c : pod.getSpec().getContainers()) {
        for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
          if ("http".equals(p.getName()) && p.getContainerPort() != null) {
            return p.getContainerPort();
          }
        }
      }
    }
    return WorkerContract.HTTP_PORT;
  }
}
