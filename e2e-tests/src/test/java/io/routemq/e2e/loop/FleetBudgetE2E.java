package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.crds.v1alpha1.WorkerBudgetSpec;
import io.routemq.e2e.fleet.LocalFleet;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fleet budget on the real control plane: two loaded groups that together need more workers than
 * {@code spec.workerBudget.maxWorkers} allows. The higher priority is served first, the other keeps its minimum,
 * {@code ScalingLimited} says who was capped and by how much, and raising the budget with an edit lets both grow —
 * with nothing lost on either group meanwhile.
 */
class FleetBudgetE2E {
  private static final String BULK = "bulk";
  private static final String BULK_DEPLOYMENT = ClusterUnderTest.CLUSTER + "-" + BULK;
  private static final Duration LOAD = Duration.ofSeconds(80);
  /** How long the load tester may wait out a backlog, and stops waiting once no output came for STALL. */
  private static final Duration DRAIN = Duration.ofSeconds(180);
  private static final Duration STALL = Duration.ofSeconds(30);

  @Test
  void theHigherPriorityIsServedFirstAndARaisedBudgetLetsBothGrow() throws Exception {
    GroupSpec telemetry = StepScenario.group();
    telemetry.setReplicas(ReplicasSpec.range(1, 3));
    telemetry.setPriority(10);
    try (FleetFixture f = FleetFixture.start("hivemq", "fleet-budget", telemetry, FleetBudgetE2E::createWithBulk)) {
      await().atMost(StepScenario.WAIT).until(() -> f.readyWorkers() == 2);
      // Telemetry 250 msg/s (3 workers at the ~100 msg/s one takes on this machine), bulk 120 msg/s (2): 5 wanted,
      // a budget of 3. Both fall behind while capped; the backlog is waited out at the end.
      LoadReport telemetryReport;
      LoadReport bulkReport;
      try (LoadRun telemetryLoad = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(250), LOAD, DRAIN));
          LoadRun bulkLoad = LoadRun.start(new LoadRun.Spec(f.brokerUrl(), "bulk/device-{n}/in", 50, 1,
              new LoadProfile.Constant(120), LOAD, "bulk-out/#", 100, DRAIN, null))) {
        await().atMost(StepScenario.WAIT).until(() -> budgetCapped(f) != null);
        Condition capped = budgetCapped(f);
        assertThat(capped.getMessage()).as("who was capped, by how much, and what to do")
            .contains("budget 3: ", "group bulk capped ", "->1 (priority 0)", "raise spec.workerBudget.maxWorkers");
        await().atMost(StepScenario.WAIT).until(() -> f.desired() == 2);
        // Held there, not passing through: telemetry 2 of its 3+, bulk its minimum of 1.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15))
            .until(() -> f.desired() == 2 && f.desired(BULK_DEPLOYMENT) == 1);
        assertThat(f.history()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("BudgetCapped"));
        assertThat(f.eventReasons()).contains("BudgetCapped");

        f.client().resources(RouteMQCluster.class).inNamespace(f.namespace()).withName(ClusterUnderTest.CLUSTER)
            .edit(c -> {
              c.getSpec().getWorkerBudget().setMaxWorkers(5);
              return c;
            });
        await().atMost(StepScenario.WAIT).until(() -> f.desired() == 3 && f.desired(BULK_DEPLOYMENT) == 2);
        await().atMost(StepScenario.WAIT).until(() -> budgetCapped(f) == null);
        telemetryReport = StepScenario.finish(f, telemetryLoad, STALL);
        bulkReport = StepScenario.finish(f, bulkLoad, STALL);
      }
      assertThat(telemetryReport.lost()).as("telemetry: %s", telemetryReport.summary()).isZero();
      assertThat(bulkReport.lost()).as("bulk: %s", bulkReport.summary()).isZero();
    }
  }

  /** The demo cluster with a budget of 3 and a second, lower-priority group of the same shape on its own topics. */
  private static void createWithBulk(LocalFleet fleet, RouteMQCluster cluster) {
    GroupSpec bulk = StepScenario.group();
    bulk.setName(BULK);
    bulk.setReplicas(ReplicasSpec.range(1, 2));
    bulk.setPriority(0);
    bulk.setRoutes(List.of(new RouteSpec("bulk/{deviceId}/in",
        new HandlerSpec("republish", Map.of("topic", "bulk-out/{deviceId}", "workMillis", "25")))));
    List<GroupSpec> groups = new ArrayList<>(cluster.getSpec().getGroups());
    groups.add(bulk);
    cluster.getSpec().setGroups(groups);
    cluster.getSpec().setWorkerBudget(new WorkerBudgetSpec(3));
    fleet.client().resources(RouteMQCluster.class).inNamespace(FleetFixture.NS).resource(cluster).create();
  }

  /** ScalingLimited=True with reason BudgetCapped, or null. */
  private static Condition budgetCapped(FleetFixture f) {
    return f.condition("ScalingLimited")
        .filter(c -> "True".equals(c.getStatus()) && "BudgetCapped".equals(c.getReason())).orElse(null);
  }
}
