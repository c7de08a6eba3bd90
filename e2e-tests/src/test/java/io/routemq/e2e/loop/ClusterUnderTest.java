package io.routemq.e2e.loop;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the closed-loop scenarios read from the API server, whichever one it is (the local fleet's or a real
 * cluster): the demo cluster's status, its worker Deployment's count and the Events.
 */
abstract class ClusterUnderTest implements AutoCloseable {
  static final String CLUSTER = "demo";
  static final String DEPLOYMENT = "demo-telemetry";

  abstract KubernetesClient client();

  abstract String namespace();

  /** The broker URL as the load tester on this machine reaches it. */
  abstract String brokerUrl();

  /** Copies whatever logs explain a failure next to the test's files; best effort. */
  abstract void dumpLogs() throws Exception;

  RouteMQCluster cluster() {
    return client().resources(RouteMQCluster.class).inNamespace(namespace()).withName(CLUSTER).get();
  }

  /** The demo cluster's condition of this type, empty before the operator wrote it. */
  Optional<Condition> condition(String type) {
    RouteMQCluster c = cluster();
    return c == null || c.getStatus() == null || c.getStatus().getConditions() == null ? Optional.empty()
        : c.getStatus().getConditions().stream().filter(x -> type.equals(x.getType())).findFirst();
  }

  int readyWorkers() {
    RouteMQCluster c = cluster();
    return c.getStatus() == null || c.getStatus().getReadyWorkers() == null ? 0 : c.getStatus().getReadyWorkers();
  }

  /** The telemetry Deployment's spec.replicas: what the operator decided. */
  int desired() {
    return desired(DEPLOYMENT);
  }

  /** A group Deployment's spec.replicas, 0 before it exists. */
  int desired(String deployment) {
    var d = client().apps().deployments().inNamespace(namespace()).withName(deployment).get();
    return d == null ? 0 : d.getSpec().getReplicas();
  }

  List<ScalingEvent> history() {
    RouteMQCluster c = cluster();
    return c.getStatus() == null || c.getStatus().getScalingHistory() == null ? List.of()
        : c.getStatus().getScalingHistory();
  }

  /** Whether the newest scaling event is older than {@code quiet} (or there is none). */
  boolean noScalingEventFor(Duration quiet) {
    List<ScalingEvent> history = history();
    return history.isEmpty() || Instant.parse(history.get(0).getTime()).isBefore(Instant.now().minus(quiet));
  }

  List<String> eventReasons() {
    return client().v1().events().inNamespace(namespace()).list().getItems().stream().map(Event::getReason).toList();
  }
}
