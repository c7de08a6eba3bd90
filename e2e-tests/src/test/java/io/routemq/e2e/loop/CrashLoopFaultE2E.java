package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.e2e.fleet.LocalFleet;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A second group whose workers cannot start (a republish handler without its topic: the operator knows the handler,
 * only the worker can judge its config) crash-loops beside the telemetry group under a load step. The status must
 * say which group, which pod and why within a minute — the Deployment alone would say so at its 10-minute progress
 * deadline — the telemetry group must keep scaling with nothing lost, and fixing the config must clear it.
 */
@Tag("fault-suite")
class CrashLoopFaultE2E {
  private static final String BROKEN = "broken";

  @Test
  void aCrashLoopingGroupIsReportedWhileTheOtherGroupScales() throws Exception {
    try (FleetFixture f = FleetFixture.start("hivemq", "crash-loop", StepScenario.group(),
        CrashLoopFaultE2E::createWithBrokenGroup)) {
      Instant created = Instant.now();
      await().atMost(StepScenario.WAIT).until(() -> degraded(f).isPresent());
      double detect = Duration.between(created, Instant.now()).toMillis() / 1000.0;
      Condition degraded = degraded(f).orElseThrow();
      assertThat(degraded.getReason()).isEqualTo("WorkersCrashLooping");
      assertThat(degraded.getMessage()).contains(BROKEN + ": pod demo-" + BROKEN, "republish needs config.topic",
          "kubectl logs --previous");
      assertThat(f.condition("Stalled")).get().extracting(Condition::getStatus).isEqualTo("True");

      // 60 msg/s, then 400 msg/s (needs 3–4 telemetry workers) from 5 s on.
      LoadProfile step = new LoadProfile.Step(60, 400, StepScenario.STEP_AT.toSeconds());
      LoadReport report;
      try (LoadRun run = LoadRun.start(StepScenario.load(f, step, Duration.ofSeconds(70)))) {
        await().atMost(StepScenario.WAIT).until(() -> f.desired() >= 3);
        report = StepScenario.finish(f, run);
      }
      assertThat(degraded(f)).as("still crash-looping while the other group scaled").isPresent();

      Instant fixed = Instant.now();
      f.client().resources(RouteMQCluster.class).inNamespace(f.namespace()).withName(ClusterUnderTest.CLUSTER)
          .edit(c -> {
            broken(c).getRoutes().get(0).setHandler(new HandlerSpec("republish", Map.of("topic", "fixed/{id}")));
            return c;
          });
      await().atMost(StepScenario.WAIT).until(() -> degraded(f).isEmpty()
          && f.condition("Ready").map(c -> "True".equals(c.getStatus())).orElse(false));
      double recover = Duration.between(fixed, Instant.now()).toMillis() / 1000.0;

      System.out.println(new FaultOutcome("worker-crash-loop", "hivemq", report, recover).benchLine());
      System.out.printf("FIGURE fault worker-crash-loop detect_s=%.1f telemetry_workers=%d%n", detect, f.desired());
      assertThat(report.lost()).as("acknowledged, never processed: %s", report.summary()).isZero();
      assertThat(detect).as("reported well before a Deployment's progress deadline").isLessThanOrEqualTo(90);
      assertThat(recover).as("Degraded cleared and every group ready after the fix").isLessThanOrEqualTo(30);
    }
  }

  /** The demo cluster with a second, fixed one-worker group whose handler config the worker refuses at start. */
  private static void createWithBrokenGroup(LocalFleet fleet, RouteMQCluster cluster) {
    GroupSpec broken = new GroupSpec(BROKEN);
    broken.setReplicas(ReplicasSpec.fixed(1));
    AutoscalingSpec off = new AutoscalingSpec();
    off.setMode(AutoscalingMode.Off);
    broken.setAutoscaling(off);
    broken.setRoutes(List.of(new RouteSpec("broken/{id}/in", new HandlerSpec("republish", Map.of()))));
    List<GroupSpec> groups = new ArrayList<>(cluster.getSpec().getGroups());
    groups.add(broken);
    cluster.getSpec().setGroups(groups);
    fleet.client().resources(RouteMQCluster.class).inNamespace(FleetFixture.NS).resource(cluster).create();
  }

  private static GroupSpec broken(RouteMQCluster c) {
    return c.getSpec().getGroups().stream().filter(g -> BROKEN.equals(g.getName())).findFirst().orElseThrow();
  }

  private static Optional<Condition> degraded(FleetFixture f) {
    return f.condition("Degraded").filter(c -> "True".equals(c.getStatus()));
  }
}
