package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.routemq.operator.status.StatusAggregator;
import io.routemq.operator.testing.MockKube;
import io.routemq.operator.testing.OperatorHarness;
import io.routemq.operator.testing.RbacRules;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Watched namespaces and leader election, as an operator Deployment would run them. */
class OperationIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static void create(KubernetesClient client, String ns, String name) {
    RouteMQCluster c = cluster(name).namespace(ns).group(fixed("g", 1)).build();
    c.getMetadata().setUid(null);
    client.resources(RouteMQCluster.class).inNamespace(ns).resource(c).create();
  }

  private static boolean deployed(KubernetesClient client, String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name + "-g").get() != null;
  }

  @Test
  void onlyWatchedNamespacesAreReconciled() throws Exception {
    try (MockKube kube = MockKube.start();
        OperatorHarness operator = OperatorHarness.start(kube.operatorClient(), Set.of("team-a"), o -> {})) {
      KubernetesClient client = kube.client();
      create(client, "team-b", "ignored");
      create(client, "team-a", "watched");
      await().atMost(WAIT).until(() -> deployed(client, "team-a", "watched"));
      assertThat(deployed(client, "team-b", "ignored")).isFalse();
      assertThat(client.resources(RouteMQCluster.class).inNamespace("team-b").withName("ignored").get().getStatus())
          .isNull();
    }
  }

  @Test
  void onlyTheLeaderReconcilesAndAStandbyTakesOver() throws Exception {
    try (MockKube kube = MockKube.start()) {
      kube.allowLeases();
      KubernetesClient client = kube.client();
      OperatorHarness first = OperatorHarness.start(kube.operatorClient(), Set.of(),
          o -> o.withLeaderElectionConfiguration(lease("op-1")));
      await().atMost(WAIT).until(() -> client.leases().inNamespace("routemq-system").withName("routemq-operator-lease")
          .get() != null);
      try (OperatorHarness second = OperatorHarness.start(kube.operatorClient(), Set.of(),
          o -> o.withLeaderElectionConfiguration(lease("op-2")))) {
        create(client, "ns", "one");
        await().atMost(WAIT).until(() -> deployed(client, "ns", "one") && first.reconciles() > 0);
        assertThat(second.reconciles()).as("the standby does nothing").isZero();

        first.close();
        create(client, "ns", "two");
        await().atMost(WAIT).until(() -> deployed(client, "ns", "two") && second.reconciles() > 0);
        assertThat(client.leases().inNamespace("routemq-system").withName("routemq-operator-lease").get()
            .getSpec().getHolderIdentity()).isEqualTo("op-2");
      }
      assertThat(RbacRules.load(RbacRules.OPERATOR_RBAC).uncovered(kube.requests()))
          .as("leader election is covered by the checked-in RBAC").isEmpty();
      assertThat(RbacRules.load(RbacRules.OPERATOR_RBAC).unused(kube.requests()))
          .as("every lease right is used by leader election (update: JOSDK checks for it before it starts; the"
              + " real API server's authorizer answers that check, see e2e-tests' LocalFleet)")
          .noneMatch(grant -> grant.endsWith("/leases") && !grant.equals("update coordination.k8s.io/leases"));
    }
  }

  @Test
  void aReconcileThatKeepsFailingShowsAsDegradedWithAnEvent() throws Exception {
    try (MockKube kube = MockKube.start();
        OperatorHarness operator = OperatorHarness.start(kube.operatorClientWithoutRetries(),
            GenericRetry.defaultLimitedExponentialRetry().setInitialInterval(50).setMaxAttempts(2))) {
      kube.failWith500("POST", "/apis/apps/v1/namespaces/broken/deployments");
      KubernetesClient client = kube.client();
      create(client, "broken", "fleet");
      await().atMost(WAIT).until(() -> {
        RouteMQCluster c = client.resources(RouteMQCluster.class).inNamespace("broken").withName("fleet").get();
        return c.getStatus() != null && c.getStatus().getConditions().stream().anyMatch(x ->
            x.getType().equals("Degraded") && x.getStatus().equals("True")
                && x.getReason().equals(StatusAggregator.RECONCILE_FAILED));
      });
      assertThat(client.v1().events().inNamespace("broken").list().getItems())
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(StatusAggregator.RECONCILE_FAILED));
    }
  }

  /** Short lease times so the test is quick; exitOnStopLeading=false keeps the test JVM alive. */
  private static LeaderElectionConfiguration lease(String identity) {
    return new LeaderElectionConfiguration("routemq-operator-lease", "routemq-system", Duration.ofSeconds(3),
        Duration.ofSeconds(2), Duration.ofMillis(300), identity, null, false);
  }
}
