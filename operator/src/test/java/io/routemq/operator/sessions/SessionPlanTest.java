package io.routemq.operator.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.routemq.crds.routetable.AdoptionReport;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.reconcile.Labels;
import io.routemq.operator.reconcile.WorkerDeployments;
import io.routemq.operator.testing.Clusters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionPlanTest {
  private final RouteMQCluster cluster = Clusters.cluster("c")
      .group(Clusters.fixed("ingest", 2))
      .group(Clusters.ordered("audit"))
      .build();
  private final Deployment ingest =
      WorkerDeployments.desired(cluster, cluster.getSpec().getGroups().get(0), 2, "hash");

  @Test
  void everyWorkerPodSeenJoinsTheLedger() {
    SessionPlan plan = plan(Map.of("ingest", List.of(worker("w1"), worker("w2"))), SessionLedger.empty(), List.of());

    assertThat(plan.ledger().of("ingest")).containsExactly("w1", "w2");
    assertThat(plan.create()).isEmpty();
    assertThat(plan.orphaned()).containsEntry("ingest", 0);
  }

  @Test
  void orderedGroupsAreNotTracked() {
    SessionPlan plan = plan(Map.of("audit", List.of(worker("a1"))), SessionLedger.empty(), List.of());

    assertThat(plan.ledger().groups()).isEmpty();
    assertThat(plan.orphaned()).doesNotContainKey("audit");
  }

  @Test
  void aPodGoneWithItsSessionGetsAnAdopterRunningTheGroupsTemplate() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w1", "w2"));

    SessionPlan plan = plan(Map.of("ingest", List.of(worker("w2"), worker("w3"))), ledger, List.of());

    assertThat(plan.ledger().of("ingest")).containsExactly("w1", "w2", "w3");
    assertThat(plan.orphaned()).containsEntry("ingest", 1);
    assertThat(plan.create()).singleElement().satisfies(pod -> {
      assertThat(AdopterPods.adopting(pod)).containsExactly("w1");
      assertThat(AdopterPods.groupOf(pod)).isEqualTo("ingest");
      assertThat(pod.getMetadata().getLabels()).doesNotContainKey(Labels.GROUP)
          .containsEntry(Labels.CLUSTER, "c");
      assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("OnFailure");
      var container = pod.getSpec().getContainers().get(0);
      assertThat(container.getImage()).isEqualTo(ingest.getSpec().getTemplate().getSpec().getContainers().get(0)
          .getImage());
      assertThat(container.getReadinessProbe()).isNull();
      assertThat(container.getEnv()).contains(new EnvVar(WorkerContract.ENV_ADOPT_SESSIONS, "w1", null));
    });
    assertThat(plan.notices()).singleElement().satisfies(n -> {
      assertThat(n.reason()).isEqualTo(SessionPlan.ORPHANED);
      assertThat(n.message()).contains("w1");
    });
  }

  @Test
  void aWorkerThatEndedItsSessionLeavesTheLedgerAndNeedsNoAdopter() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w1", "w2"));

    SessionPlan stopping = plan(Map.of("ingest", List.of(ended("w1"), worker("w2"))), ledger, List.of());
    SessionPlan gone = plan(Map.of("ingest", List.of(worker("w2"))), stopping.ledger(), List.of());

    assertThat(stopping.ledger().of("ingest")).containsExactly("w2");
    assertThat(gone.create()).isEmpty();
  }

  @Test
  void aPodWhoseDeletionShowedItsSessionEndedNeedsNoAdopter() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w1", "w2"));
    DepartedPods departed = new DepartedPods();
    Pod w1 = ended("w1");
    w1.getMetadata().setNamespace("iot");
    departed.gone(w1);
    departed.gone(worker("w9"));

    SessionPlan plan = SessionPlan.of(cluster, Map.of("ingest", List.of(worker("w2"))), Map.of("ingest", ingest),
        ledger, List.of(), departed.endedIn("iot"));

    assertThat(plan.create()).isEmpty();
    assertThat(plan.ledger().of("ingest")).containsExactly("w2");
    assertThat(departed.endedIn("other")).isEmpty();
  }

  @Test
  void oneAdopterAtATime() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w1", "w2", "w3"));
    Pod running = adopter(List.of("w1"), "Running");

    SessionPlan plan = plan(Map.of("ingest", List.of(worker("w3"))), ledger, List.of(running));

    assertThat(plan.create()).isEmpty();
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.orphaned()).containsEntry("ingest", 2);
  }

  @Test
  void aFinishedAdopterTakesItsSessionsOutOfTheLedgerAndIsRemoved() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w1", "w2", "w3"));
    Pod done = adopter(List.of("w1"), "Succeeded");
    done.getStatus().setContainerStatuses(List.of(terminated(new AdoptionReport(1, 1, 742, 0, 0, 3100).toJson())));

    SessionPlan plan = plan(Map.of("ingest", List.of(worker("w3"))), ledger, List.of(done));

    assertThat(plan.ledger().of("ingest")).containsExactly("w2", "w3");
    assertThat(plan.delete()).containsExactly(done);
    assertThat(plan.create()).singleElement()
        .satisfies(pod -> assertThat(AdopterPods.adopting(pod)).containsExactly("w2"));
    assertThat(plan.notices()).extracting(SessionPlan.Notice::reason)
        .containsExactly(SessionPlan.RECOVERED, SessionPlan.ORPHANED);
    assertThat(plan.notices().get(0).message()).contains("recovered 742 message(s)", "3.1 s", "w1");
  }

  @Test
  void aFailedAdopterIsReplacedAndTheSessionsStay() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w1"));
    Pod failed = adopter(List.of("w1"), "Failed");

    SessionPlan plan = plan(Map.of(), ledger, List.of(failed));

    assertThat(plan.ledger().of("ingest")).containsExactly("w1");
    assertThat(plan.delete()).containsExactly(failed);
    assertThat(plan.create()).singleElement()
        .satisfies(pod -> assertThat(AdopterPods.adopting(pod)).containsExactly("w1"));
    assertThat(plan.notices().get(0).warning()).isTrue();
  }

  @Test
  void withoutTheGroupsDeploymentNoAdopterIsStartedAndTheSessionsAreKept() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w1"));

    SessionPlan plan = SessionPlan.of(cluster, Map.of(), Map.of(), ledger, List.of(), Set.of());

    assertThat(plan.create()).isEmpty();
    assertThat(plan.ledger().of("ingest")).containsExactly("w1");
  }

  @Test
  void aGroupRemovedFromTheSpecLeavesTheLedgerAndItsAdopterIsRemoved() {
    SessionLedger ledger = SessionLedger.empty().with("old", List.of("o1"));
    Pod adopter = adopter(List.of("o1"), "Running");
    adopter.getMetadata().getLabels().put(AdopterPods.ADOPTER_FOR, "old");

    SessionPlan plan = plan(Map.of(), ledger, List.of(adopter));

    assertThat(plan.ledger().groups()).doesNotContain("old");
    assertThat(plan.delete()).containsExactly(adopter);
  }

  @Test
  void theLedgerSurvivesItsConfigMap() {
    SessionLedger ledger = SessionLedger.empty().with("ingest", List.of("w2", "w1")).with("other", List.of("x"));

    assertThat(SessionLedger.of(ledger.toConfigMap(cluster))).isEqualTo(ledger);
    assertThat(ledger.toConfigMap(cluster).getMetadata().getName()).isEqualTo("c.sessions");
  }

  private SessionPlan plan(Map<String, List<Pod>> pods, SessionLedger ledger, List<Pod> adopters) {
    return SessionPlan.of(cluster, pods, Map.of("ingest", ingest), ledger, adopters, Set.of());
  }

  private static Pod worker(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().withPhase("Running")
        .endStatus().build();
  }

  private static Pod ended(String name) {
    Pod pod = worker(name);
    pod.getStatus().setContainerStatuses(List.of(terminated(WorkerContract.TERMINATION_SESSION_ENDED)));
    return pod;
  }

  private static io.fabric8.kubernetes.api.model.ContainerStatus terminated(String message) {
    return new ContainerStatusBuilder().withName(WorkerDeployments.CONTAINER).withNewState().withNewTerminated()
        .withExitCode(0).withMessage(message).endTerminated().endState().build();
  }

  private Pod adopter(List<String> ids, String phase) {
    Pod pod = AdopterPods.desired(cluster, "ingest", ingest, ids);
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase).build());
    return pod;
  }
}
