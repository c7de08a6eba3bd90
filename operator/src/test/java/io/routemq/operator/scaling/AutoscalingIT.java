package io.routemq.operator.scaling;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.operator.autoscaling.ScalingExecutor;
import io.routemq.operator.reconcile.OperatorMetricNames;
import io.routemq.operator.testing.MockKube;
import io.routemq.operator.testing.OperatorHarness;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler in the reconcile loop, against the mock API server: workers are {@link FakeWorkers} (Pods with real
 * metrics endpoints on 127.0.0.1 whose load the test sets). Checks that decisions reach the Deployment, status
 * history, status figures, Events and the operator's metrics, and that stale metrics never scale down.
 */
class AutoscalingIT {
  private static final String NS = "scaling";
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final double CAPACITY = 100;

  @Test
  void aLoadStepScalesUpAndTheIdleGroupScalesBackDownWithHistoryEventsAndFigures() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      create(client, group("ingest", 1, 10, AutoscalingMode.Operator, 0));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (AutoscalingGroupScaler scaler = scaler(kube, registry);
          OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler);
          FakeWorkers workers = new FakeWorkers(client, NS, "fleet-ingest", CAPACITY, 50)) {
        await().atMost(WAIT).until(() -> figures(client).map(GroupStatus::getMessagesPerSecond).orElse(0.0) > 30);
        assertThat(replicas(client)).as("50 msg/s fit one worker of 100 msg/s at 70 %").isEqualTo(1);

        workers.arrivalRate(600);
        await().atMost(WAIT).until(() -> replicas(client) >= 6);
        List<ScalingEvent> ups = history(client).stream().filter(e -> "Up".equals(e.getDirection())).toList();
        // History is newest first; the first step starts from the one worker.
        ScalingEvent up = ups.get(ups.size() - 1);
        assertThat(up.getGroup()).isEqualTo("ingest");
        assertThat(up.getFrom()).isEqualTo(1);
        assertThat(up.getTo()).isGreaterThan(1);
        assertThat(up.getApplied()).isTrue();
        assertThat(up.getReason()).isNotBlank();
        assertThat(up.getInputs().getReportingWorkers()).isPositive();
        await().atMost(WAIT).until(() -> hasEvent(client, "ScaledUp"));

        RouteMQClusterStatus status = status(client);
        assertThat(status.getLastScale()).startsWith("ingest ");
        assertThat(status.getLastScaleTime()).isNotNull();
        assertThat(figures(client).orElseThrow().getLastScaleTime()).isNotNull();
        assertThat(condition(status, "MetricsAvailable")).isEqualTo("True");

        workers.arrivalRate(0);
        // The Deployment is written before the status of the same reconcile: wait for both. The pod that never
        // reports keeps the last scale-up unsettled, which holds a scale-down for a worker's start-up budget
        // (ScalingExecutor.WORKER_START_LIMIT, 120 s): a pod still starting looks the same to the engine.
        await().atMost(ScalingExecutor.WORKER_START_LIMIT.plus(WAIT)).until(() -> replicas(client) == 1
            && !history(client).isEmpty() && "Down".equals(history(client).get(0).getDirection()));
        List<ScalingEvent> history = history(client);
        assertThat(history.get(0).getTo()).isEqualTo(1);
        await().atMost(WAIT).until(() -> hasEvent(client, "ScaledDown"));
        assertThat(registry.find(OperatorMetricNames.SCALING_EVENTS).tag("direction", "Up").counter().count())
            .isPositive();
        assertThat(registry.find(OperatorMetricNames.GROUP_WORKERS_DESIRED).tag("group", "ingest").gauge().value())
            .isEqualTo(1.0);
      }
    }
  }

  @Test
  void staleMetricsHoldTheCountAndSayWhy() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      GroupSpec g = group("ingest", 3, 10, AutoscalingMode.Operator, 0);
      create(client, g);
      try (AutoscalingGroupScaler scaler = scaler(kube, new SimpleMeterRegistry());
          OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler);
          FakeWorkers workers = new FakeWorkers(client, NS, "fleet-ingest", CAPACITY, 150)) {
        await().atMost(WAIT).until(() -> "True".equals(condition(status(client), "MetricsAvailable")));
        int before = replicas(client);
        workers.silence();
        await().atMost(WAIT).until(() -> "False".equals(condition(status(client), "MetricsAvailable")));
        double reconciles = op.reconciles();
        await().atMost(WAIT).until(() -> op.reconciles() >= reconciles + 3);
        assertThat(replicas(client)).as("no scale-down on missing metrics").isEqualTo(before);
        assertThat(history(client)).noneMatch(e -> "Down".equals(e.getDirection()));
      }
    }
  }

  @Test
  void aPodThatIsNotReadyDoesNotHoldUpAScaleDown() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      create(client, group("ingest", 1, 10, AutoscalingMode.Operator, 0));
      try (AutoscalingGroupScaler scaler = scaler(kube, new SimpleMeterRegistry());
          OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler);
          FakeWorkers workers = new FakeWorkers(client, NS, "fleet-ingest", CAPACITY, 50)) {
        await().atMost(WAIT).until(() -> figures(client).map(GroupStatus::getMessagesPerSecond).orElse(0.0) > 30);
        workers.arrivalRate(600);
        await().atMost(WAIT).until(() -> replicas(client) >= 6 && workers.running() == replicas(client));
        // One pod stops being ready for good (a crash loop, say): it takes no load and reports nothing.
        workers.turnNotReady(1);
        workers.arrivalRate(50);
        // The Deployment is written before the status of the same reconcile: wait for both. The pod that never
        // reports keeps the last scale-up unsettled, which holds a scale-down for a worker's start-up budget
        // (ScalingExecutor.WORKER_START_LIMIT, 120 s): a pod still starting looks the same to the engine.
        await().atMost(ScalingExecutor.WORKER_START_LIMIT.plus(WAIT)).until(() -> replicas(client) == 1
            && !history(client).isEmpty() && "Down".equals(history(client).get(0).getDirection()));
        assertThat(history(client).get(0).getTo()).isEqualTo(1);
      }
    }
  }

  @Test
  void aRestartedOperatorRestoresItsWindowFromStatusAndHoldsTheCount() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      // Default scale-down window (300 s): an idle group may shrink only after it.
      create(client, group("ingest", 1, 10, AutoscalingMode.Operator, null));
      try (FakeWorkers workers = new FakeWorkers(client, NS, "fleet-ingest", CAPACITY, 600)) {
        try (AutoscalingGroupScaler scaler = scaler(kube, new SimpleMeterRegistry());
            OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler)) {
          await().atMost(WAIT).until(() -> replicas(client) >= 6);
        }
        int before = replicas(client);
        workers.arrivalRate(0);
        try (AutoscalingGroupScaler scaler = scaler(kube, new SimpleMeterRegistry());
            OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler)) {
          await().atMost(WAIT).until(() -> figures(client).map(GroupStatus::getMessagesPerSecond).orElse(1.0) == 0);
          double reconciles = op.reconciles();
          await().atMost(WAIT).until(() -> op.reconciles() >= reconciles + 3);
          assertThat(replicas(client)).as("the restored scale-down window holds the count").isEqualTo(before);
        }
      }
    }
  }

  @Test
  void hpaModeRaisesTheHpaFloorUnderBacklogAndRecordsTheHpasOwnChanges() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      create(client, group("web", 1, 10, AutoscalingMode.HPA, 0));
      try (AutoscalingGroupScaler scaler = scaler(kube, new SimpleMeterRegistry());
          OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler);
          FakeWorkers workers = new FakeWorkers(client, NS, "fleet-web", CAPACITY, 600)) {
        await().atMost(WAIT).until(() -> hpaMin(client) > 1);
        // The HPA acts on its own: it scales the Deployment.
        client.apps().deployments().inNamespace(NS).withName("fleet-web").edit(d -> {
          d.getSpec().setReplicas(hpaMin(client) + 1);
          return d;
        });
        await().atMost(WAIT).until(() -> history(client).stream().anyMatch(e -> "HPAScaled".equals(e.getReason())));
      }
    }
  }

  private static AutoscalingGroupScaler scaler(MockKube kube, SimpleMeterRegistry registry) {
    return AutoscalingGroupScaler.create(Clock.systemUTC(), registry, kube.client(), Duration.ofSeconds(1));
  }

  /** One interval per second; scale-down stabilization as given (null: the default 300 s). */
  private static GroupSpec group(String name, int min, int max, AutoscalingMode mode, Integer downWindow) {
    GroupSpec g = ranged(name, min, max, mode);
    g.getAutoscaling().setMetricsIntervalSeconds(1);
    if (downWindow != null) {
      ScalingBehaviorSpec down = new ScalingBehaviorSpec();
      down.setStabilizationSeconds(downWindow);
      down.setMaxStepPercent(100);
      g.getAutoscaling().setScaleDown(down);
    }
    return g;
  }

  private static void create(KubernetesClient client, GroupSpec group) {
    RouteMQCluster c = cluster("fleet").namespace(NS).group(group).build();
    c.getMetadata().setUid(null);
    client.resources(RouteMQCluster.class).inNamespace(NS).resource(c).create();
  }

  private static int replicas(KubernetesClient client) {
    var d = client.apps().deployments().inNamespace(NS).list().getItems();
    return d.isEmpty() ? 0 : d.get(0).getSpec().getReplicas();
  }

  private static int hpaMin(KubernetesClient client) {
    var h = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).list().getItems();
    return h.isEmpty() ? 0 : h.get(0).getSpec().getMinReplicas();
  }

  private static RouteMQClusterStatus status(KubernetesClient client) {
    RouteMQCluster c = client.resources(RouteMQCluster.class).inNamespace(NS).withName("fleet").get();
    return c.getStatus() == null ? new RouteMQClusterStatus() : c.getStatus();
  }

  private static Optional<GroupStatus> figures(KubernetesClient client) {
    List<GroupStatus> groups = status(client).getGroups();
    return groups == null || groups.isEmpty() ? Optional.empty() : Optional.of(groups.get(0));
  }

  private static List<ScalingEvent> history(KubernetesClient client) {
    List<ScalingEvent> h = status(client).getScalingHistory();
    return h == null ? List.of() : h;
  }

  private static String condition(RouteMQClusterStatus status, String type) {
    return status.getConditions() == null ? null : status.getConditions().stream()
        .filter(c -> type.equals(c.getType())).map(Condition::getStatus).findFirst().orElse(null);
  }

  private static boolean hasEvent(KubernetesClient client, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason)
        .anyMatch(reason::equals);
  }
}
