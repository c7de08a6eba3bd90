package io.routemq.operator.sessions;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.events.EventRecorder;
import io.routemq.operator.status.StatusAggregator;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile step for worker sessions: reads the ledger and the adopter pods, plans ({@link SessionPlan}), then
 * writes the ledger first (so a client id is never forgotten before its adopter is gone), removes finished adopters,
 * starts new ones, and reports through Events and status.
 */
public final class SessionRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRecovery.class);

  private SessionRecovery() {}

  public static void reconcile(RouteMQCluster cluster, Map<String, List<Pod>> workerPods,
      Map<String, Deployment> deployments, Collection<ConfigMap> configMaps, Collection<Pod> pods,
      DepartedPods departed, KubernetesClient client, EventRecorder events, StatusAggregator status) {
    String ledgerName = SessionLedger.configMapName(cluster.getMetadata().getName());
    ConfigMap stored = configMaps.stream().filter(c -> ledgerName.equals(c.getMetadata().getName()))
        .findFirst().orElse(null);
    SessionLedger ledger = SessionLedger.of(stored);
    List<Pod> adopters = pods.stream().filter(p -> AdopterPods.groupOf(p) != null).toList();
    SessionPlan plan = SessionPlan.of(cluster, workerPods, deployments, ledger, adopters,
        departed.endedIn(cluster.getMetadata().getNamespace()));

    if (!plan.ledger().equals(ledger)) {
      write(client, plan.ledger().toConfigMap(cluster), stored != null);
    }
    for (Pod pod : plan.delete()) {
      LOG.info("removing adopter pod {} ({})", pod.getMetadata().getName(),
          pod.getStatus() == null ? "no status" : pod.getStatus().getPhase());
      client.resource(pod).delete();
    }
    for (Pod pod : plan.create()) {
      LOG.info("starting adopter pod {} for sessions {}", pod.getMetadata().getName(), AdopterPods.adopting(pod));
      try {
        client.resource(pod).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
    for (SessionPlan.Notice n : plan.notices()) {
      if (n.warning()) {
        events.warning(cluster, n.reason(), n.message());
      } else {
        events.normal(cluster, n.reason(), n.message());
      }
    }
    plan.orphaned().forEach(status::orphanedSessions);
  }

  /** A merge patch of data replaces each group's entry; a group without sessions left is set to null (removed). */
  private static void write(KubernetesClient client, ConfigMap desired, boolean exists) {
    if (!exists) {
      client.resource(desired).create();
      return;
    }
    client.configMaps().inNamespace(desired.getMetadata().getNamespace()).withName(desired.getMetadata().getName())
        .edit(current -> {
          current.setData(desired.getData());
          return current;
        });
  }
}
