package io.routemq.operator.scaling;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.crds.v1alpha1.WorkerBudgetSpec;
import io.routemq.operator.testing.MockKube;
import io.routemq.operator.testing.OperatorHarness;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * spec.workerBudget in the reconcile loop, against the mock API server, with {@link FakeWorkers} behind each group:
 * the higher priority gets what it needs, the lower one is capped to the rest, and status (ScalingLimited, history)
 * and Events say who was capped and by how much; an HPA-mode group's HPA is bounded by its share.
 */
class FleetBudgetIT {
  private static final String NS = "budget";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final double CAPACITY = 100;

  @Test
  void theHighPriorityGroupGetsItsNeedAndTheLowOneIsCappedWithConditionHistoryAndEvent() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      // Declared first but priority 0: declaration order only breaks ties.
      create(client, 8, group("reports", 0), group("alerts", 10));
      try (AutoscalingGroupScaler scaler = scaler(kube);
          OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler);
          // 330 msg/s at 70 % of 100 msg/s per worker: 4.7, so 5 workers (and 5 stay: within the tolerance band).
          // 900 msg/s would need 13.
          FakeWorkers alerts = new FakeWorkers(client, NS, "fleet-alerts", CAPACITY, 330);
          FakeWorkers reports = new FakeWorkers(client, NS, "fleet-reports", CAPACITY, 900)) {
        await().atMost(WAIT).until(() -> replicas(client, "fleet-alerts") == 5
            && replicas(client, "fleet-reports") == 3
            && limited(client).filter(c -> "True".equals(c.getStatus())).isPresent());

        Condition condition = limited(client).orElseThrow();
        assertThat(condition.getReason()).isEqualTo("BudgetCapped");
        assertThat(condition.getMessage())
            .startsWith("budget 8: group reports capped ")
            .contains("->3 (priority 0)")
            .contains("raise spec.workerBudget.maxWorkers")
            .doesNotContain("group alerts");

        await().atMost(WAIT).until(() -> history(client).stream().anyMatch(e -> "BudgetCapped".equals(e.getReason())));
        ScalingEvent capped = history(client).stream().filter(e -> "BudgetCapped".equals(e.getReason()))
            .findFirst().orElseThrow();
        assertThat(capped.getGroup()).isEqualTo("reports");
        assertThat(capped.getMessage()).contains("budget 8 grants ").contains("(priority 0;");
        assertThat(history(client)).filteredOn(e -> "alerts".equals(e.getGroup()))
            .noneMatch(e -> "BudgetCapped".equals(e.getReason()));
        await().atMost(WAIT).until(() -> hasEvent(client, "BudgetCapped"));

        // The high-priority group's load goes and the low one's falls to 200 msg/s (3 workers): nobody is capped.
        alerts.arrivalRate(0);
        reports.arrivalRate(200);
        await().atMost(WAIT).until(() -> replicas(client, "fleet-alerts") == 1
            && limited(client).filter(c -> "False".equals(c.getStatus())).isPresent());
        assertThat(replicas(client, "fleet-reports")).isBetween(3, 7);
      }
    }
  }

  @Test
  void anHpaModeGroupsMaxReplicasIsItsShareAndGrowsWithTheBudgetNobodyNeeds() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      GroupSpec web = ranged("web", 1, 10, AutoscalingMode.HPA);
      web.getAutoscaling().setMetricsIntervalSeconds(1);
      create(client, 5, web, group("ingest", 5));
      try (AutoscalingGroupScaler scaler = scaler(kube);
          OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler);
          FakeWorkers ingest = new FakeWorkers(client, NS, "fleet-ingest", CAPACITY, 900);
          FakeWorkers idle = new FakeWorkers(client, NS, "fleet-web", CAPACITY, 0)) {
        // ingest (priority 5) is saturated and asks for more than the 4 = 5 - web's minimum it gets: capped, and
        // nothing is left for web's HPA to grow into.
        await().atMost(WAIT).until(() -> replicas(client, "fleet-ingest") == 4 && hpaMax(client) == 1
            && limited(client).filter(c -> "True".equals(c.getStatus())).isPresent());
        assertThat(limited(client).orElseThrow().getMessage()).startsWith("budget 5: group ingest capped ")
            .contains("->4 (priority 5)");

        ingest.arrivalRate(0);
        await().atMost(WAIT).until(() -> replicas(client, "fleet-ingest") == 1);
        // Nobody needs the other 3 workers now: web's HPA may grow into them on its own.
        await().atMost(WAIT).until(() -> hpaMax(client) == 4);
      }
    }
  }

  private static AutoscalingGroupScaler scaler(MockKube kube) {
    return AutoscalingGroupScaler.create(Clock.systemUTC(), new SimpleMeterRegistry(), kube.client(),
        Duration.ofSeconds(1));
  }

  /** Operator mode, 1..20 workers, one interval per second, scale-down at once and by any step. */
  private static GroupSpec group(String name, int priority) {
    GroupSpec g = ranged(name, 1, 20, AutoscalingMode.Operator);
    g.setPriority(priority);
    g.getAutoscaling().setMetricsIntervalSeconds(1);
    ScalingBehaviorSpec down = new ScalingBehaviorSpec();
    down.setStabilizationSeconds(0);
    down.setMaxStepPercent(100);
    g.getAutoscaling().setScaleDown(down);
    return g;
  }

  private static void create(KubernetesClient client, int budget, GroupSpec... groups) {
    var builder = cluster("fleet").namespace(NS);
    for (GroupSpec g : groups) {
      builder.group(g);
    }
    RouteMQCluster c = builder.build();
    c.getSpec().setWorkerBudget(new WorkerBudgetSpec(budget));
    c.getMetadata().setUid(null);
    client.resources(RouteMQCluster.class).inNamespace(NS).resource(c).create();
  }

  private static int replicas(KubernetesClient client, String deployment) {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(deployment).get();
    return d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
  }

  private static int hpaMax(KubernetesClient client) {
    HorizontalPodAutoscaler h =
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("fleet-web").get();
    return h == null ? 0 : h.getSpec().getMaxReplicas();
  }

  private static RouteMQClusterStatus status(KubernetesClient client) {
    RouteMQCluster c = client.resources(RouteMQCluster.class).inNamespace(NS).withName("fleet").get();
    return c.getStatus() == null ? new RouteMQClusterStatus() : c.getStatus();
  }

  private static Optional<Condition> limited(KubernetesClient client) {
    List<Condition> conditions = status(client).getConditions();
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> "ScalingLimited".equals(c.getType())).findFirst();
  }

  private static List<ScalingEvent> history(KubernetesClient client) {
    List<ScalingEvent> h = status(client).getScalingHistory();
    return h == null ? List.of() : h;
  }

  private static boolean hasEvent(KubernetesClient client, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason)
        .anyMatch(reason::equals);
  }
}
