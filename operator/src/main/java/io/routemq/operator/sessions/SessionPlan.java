package io.routemq.operator.sessions;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.routemq.crds.routetable.AdoptionReport;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One reconcile's decisions about a cluster's worker sessions (pure). For each shared group: every worker pod seen
 * joins the ledger; a pod whose worker reported that it ended its session leaves it; a client id in the ledger whose
 * pod is gone is an orphaned session, and one adopter pod at a time adopts the group's orphans; a finished adopter
 * takes its client ids out of the ledger and is removed. Ordered groups are not tracked: their workers share one
 * client id, so the replacement pod resumes the session itself.
 *
 * @param ledger the ledger to keep
 * @param create adopter pods to start
 * @param delete adopter pods to remove (finished, failed, or of a group that is gone)
 * @param notices what to tell the user, as Events
 * @param orphaned per group, sessions known to be orphaned and not yet recovered
 */
public record SessionPlan(SessionLedger ledger, List<Pod> create, List<Pod> delete, List<Notice> notices,
    Map<String, Integer> orphaned) {

  /** An Event to emit. */
  public record Notice(boolean warning, String reason, String message) {}

  public static final String ORPHANED = "SessionsOrphaned";
  public static final String RECOVERED = "SessionsRecovered";
  public static final String RECOVERY_FAILED = "SessionRecoveryFailed";

  /**
   * @param workerPods the groups' worker pods (any phase), by group
   * @param deployments the groups' Deployments, by group
   * @param ledger the ledger as stored
   * @param adopters every adopter pod of the cluster
   * @param endedOnDeparture pods already gone whose last state said their worker ended its session
   */
  public static SessionPlan of(RouteMQCluster cluster, Map<String, List<Pod>> workerPods,
      Map<String, Deployment> deployments, SessionLedger ledger, List<Pod> adopters, Set<String> endedOnDeparture) {
    Set<String> shared = cluster.getSpec().getGroups().stream().filter(GroupSpec::isShared)
        .map(GroupSpec::getName).collect(Collectors.toSet());
    SessionLedger next = ledger;
    List<Pod> create = new ArrayList<>();
    List<Pod> delete = new ArrayList<>();
    List<Notice> notices = new ArrayList<>();
    Map<String, Integer> orphaned = new TreeMap<>();
    for (String group : ledger.groups()) {
      if (!shared.contains(group)) {
        // Removed from the spec, or no longer shared: its workers drained as the group went; what an orphan still
        // holds is not wanted by any group now, and the broker drops it when the session expires.
        next = next.with(group, List.of());
      }
    }
    for (Pod adopter : adopters) {
      if (!shared.contains(AdopterPods.groupOf(adopter))) {
        delete.add(adopter);
      }
    }
    for (String group : new TreeSet<>(shared)) {
      List<Pod> pods = workerPods.getOrDefault(group, List.of());
      Set<String> present = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
      Set<String> ended = pods.stream().filter(AdopterPods::sessionEnded)
          .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
      SortedSet<String> ids = ledger.of(group);
      ids.addAll(present);
      ids.removeAll(ended);
      ids.removeAll(endedOnDeparture);
      boolean inProgress = false;
      for (Pod adopter : adopters) {
        if (!group.equals(AdopterPods.groupOf(adopter))) {
          continue;
        }
        if (AdopterPods.succeeded(adopter)) {
          AdopterPods.adopting(adopter).forEach(ids::remove);
          notices.add(new Notice(false, RECOVERED, recovered(group, adopter)));
          delete.add(adopter);
        } else if (AdopterPods.failed(adopter)) {
          notices.add(new Notice(true, RECOVERY_FAILED, "adopter pod " + adopter.getMetadata().getName()
              + " of group " + group + " failed (" + reason(adopter) + "); a new one takes the sessions over"));
          delete.add(adopter);
        } else {
          inProgress = true;
        }
      }
      SortedSet<String> orphans = new TreeSet<>(ids);
      orphans.removeAll(present);
      Deployment running = deployments.get(group);
      if (!orphans.isEmpty() && !inProgress && running != null) {
        Pod pod = AdopterPods.desired(cluster, group, running, List.copyOf(orphans));
        create.add(pod);
        notices.add(new Notice(true, ORPHANED, orphans.size() + " worker(s) of group " + group
            + " left without ending their broker sessions (" + String.join(", ", orphans)
            + "); their messages are being recovered by pod " + pod.getMetadata().getName()));
      }
      orphaned.put(group, orphans.size());
      next = next.with(group, ids);
    }
    return new SessionPlan(next, create, delete, notices, orphaned);
  }

  private static String recovered(String group, Pod adopter) {
    List<String> ids = AdopterPods.adopting(adopter);
    return AdopterPods.report(adopter)
        .map(r -> String.format(Locale.ROOT, "recovered %d message(s) from %d of %d session(s) of gone workers of"
            + " group %s in %.1f s%s (%s)", r.processed(), r.present(), r.sessions(), group, r.millis() / 1000.0,
            handedBack(r), String.join(", ", ids)))
        .orElse("adopted the sessions of gone workers of group " + group + " (" + String.join(", ", ids)
            + "); the adopter left no report");
  }

  private static String handedBack(AdoptionReport r) {
    return r.handedBack() == 0 ? "" : ", " + r.handedBack() + " handed back to the group";
  }

  private static String reason(Pod pod) {
    String reason = pod.getStatus() == null ? null : pod.getStatus().getReason();
    return reason == null ? "no reason given" : reason;
  }
}
