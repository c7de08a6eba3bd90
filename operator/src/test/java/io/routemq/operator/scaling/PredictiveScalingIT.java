package io.routemq.operator.scaling;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.PredictiveSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.operator.autoscaling.RateProfile;
import io.routemq.operator.reconcile.Labels;
import io.routemq.operator.testing.MockKube;
import io.routemq.operator.testing.OperatorHarness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Predictive pre-scaling in the reconcile loop, against the mock API server: the learned profile is kept in the
 * cluster's {@code <cluster>-rate-profiles} ConfigMap, a freshly started operator reads it back and scales ahead of
 * the rise it predicts, and status history says the change was predictive.
 */
class PredictiveScalingIT {
  private static final String NS = "predictive";
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final double CAPACITY = 100;
  private static final int SLOT = RateProfile.SLOT_SECONDS;

  /**
   * A learned daily profile in which every slot from the current one on is 300 msg/s above the one before: whatever
   * slot the test runs in, the next one is expected 300 msg/s higher.
   */
  private static RateProfile.Snapshot risingProfile(Instant now) {
    double[] dayMean = new double[86_400 / SLOT];
    int[] dayVisits = new int[dayMean.length];
    long current = now.getEpochSecond() / SLOT;
    for (int i = 0; i < dayMean.length; i++) {
      dayMean[i] = 50;
      dayVisits[i] = 3;
    }
    for (int k = 0; k < 6; k++) {
      dayMean[(int) ((current + k) % dayMean.length)] = 50 + 300 * k;
    }
    int weekSlots = 7 * dayMean.length;
    return new RateProfile.Snapshot(RateProfile.Snapshot.VERSION, SLOT, dayMean, dayVisits, new double[weekSlots],
        new int[weekSlots]);
  }

  @Test
  void aRestartedOperatorReadsTheLearnedProfileAndScalesAheadOfThePredictedRise() throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      RouteMQCluster created = create(client, group());
      // What an operator that ran before this one learned and stored.
      client.resource(RateProfileConfigMaps.desired(created, Map.of("ingest", risingProfile(Instant.now()))))
          .create();
      try (AutoscalingGroupScaler scaler = AutoscalingGroupScaler.create(Clock.systemUTC(), new SimpleMeterRegistry(),
              client, Duration.ofSeconds(1), Duration.ofSeconds(2));
          OperatorHarness op = OperatorHarness.start(kube.operatorClient(), scaler);
          FakeWorkers workers = new FakeWorkers(client, NS, "fleet-ingest", CAPACITY, 50)) {
        await().atMost(WAIT).until(() -> history(client).stream().anyMatch(e -> "PredictedRise".equals(e.getReason())));
        ScalingEvent e = history(client).stream().filter(h -> "PredictedRise".equals(h.getReason())).findFirst()
            .orElseThrow();
        assertThat(e.getDirection()).isEqualTo("Up");
        assertThat(e.getApplied()).isTrue();
        assertThat(e.getFrom()).isEqualTo(1);
        // About 50 msg/s now (real-time rates wobble by a few) plus the expected 300: ~350 msg/s at 70 of ~100
        // msg/s per worker, 5 or 6 workers.
        assertThat(e.getTo()).isBetween(5, 6);
        assertThat(e.getInputs().getPredictedArrivalRate()).isBetween(330.0, 400.0);
        assertThat(e.getInputs().getByPrediction()).isEqualTo(e.getTo());
        assertThat(e.getInputs().getByCapacity()).as("the reactive rule alone asked for one").isEqualTo(1);
        assertThat(e.getMessage()).contains("predicted rise to");
        await().atMost(WAIT).until(() -> replicas(client) >= e.getTo());
      }
    }
  }

  @Test
  void theProfileConfigMapIsOwnedByTheClusterOutOfTheInformersSightAndReadsBackToTheSamePrediction()
      throws Exception {
    try (MockKube kube = MockKube.start()) {
      KubernetesClient client = kube.client();
      RouteMQCluster created = create(client, group());
      Instant now = Instant.now();
      RateProfile learned = RateProfile.restore(risingProfile(now));

      new RateProfileConfigMaps(client).write(created, Map.of("ingest", learned.snapshot()));
      new RateProfileConfigMaps(client).write(created, Map.of("ingest", learned.snapshot()));

      ConfigMap cm = client.configMaps().inNamespace(NS).withName("fleet-rate-profiles").get();
      assertThat(cm.getData()).containsOnlyKeys("ingest.json");
      assertThat(cm.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
      assertThat(cm.getMetadata().getLabels()).containsEntry(Labels.CLUSTER, "fleet")
          .doesNotContainKey(Labels.MANAGED_BY);
      assertThat(cm.getData().get("ingest.json").length()).as("bounded: 2304 slots").isLessThan(30_000);

      // A fresh process: only what the ConfigMap holds.
      Map<String, RateProfile.Snapshot> read = new RateProfileConfigMaps(client).read(created);
      RateProfile restored = RateProfile.restore(read.get("ingest"));
      assertThat(restored.learnedSlots()).isEqualTo(learned.learnedSlots());
      assertThat(restored.expect(now, Duration.ofSeconds(SLOT + 5)))
          .isEqualTo(learned.expect(now, Duration.ofSeconds(SLOT + 5)));
    }
  }

  /** Interval 1 s; predictive with a lead of a whole slot, so the next slot is always within the lookahead. */
  private static GroupSpec group() {
    GroupSpec g = ranged("ingest", 1, 10, AutoscalingMode.Operator);
    g.getAutoscaling().setMetricsIntervalSeconds(1);
    PredictiveSpec p = new PredictiveSpec();
    p.setEnabled(true);
    p.setLeadSeconds(SLOT);
    g.getAutoscaling().setPredictive(p);
    return g;
  }

  private static RouteMQCluster create(KubernetesClient client, GroupSpec group) {
    RouteMQCluster c = cluster("fleet").namespace(NS).group(group).build();
    c.getMetadata().setUid(null);
    return client.resources(RouteMQCluster.class).inNamespace(NS).resource(c).create();
  }

  private static int replicas(KubernetesClient client) {
    var d = client.apps().deployments().inNamespace(NS).list().getItems();
    return d.isEmpty() ? 0 : d.get(0).getSpec().getReplicas();
  }

  private static List<ScalingEvent> history(KubernetesClient client) {
    RouteMQCluster c = client.resources(RouteMQCluster.class).inNamespace(NS).withName("fleet").get();
    return c.getStatus() == null || c.getStatus().getScalingHistory() == null ? List.of()
        : c.getStatus().getScalingHistory();
  }
}
