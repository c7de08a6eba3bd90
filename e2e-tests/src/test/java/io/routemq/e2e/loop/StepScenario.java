package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.e2e.fleet.DemoCluster;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.util.List;

/**
 * The closed loop's main scenario, the same on the local fleet and on a real cluster: a QoS 1 load step more than
 * the minimum worker can handle makes the operator scale up; when the load falls back the operator scales down by
 * draining workers while messages still flow, and no acknowledged message is lost.
 */
final class StepScenario {
  static final Duration WAIT = Duration.ofSeconds(90);
  /** When, after the load starts, it steps up. */
  static final Duration STEP_AT = Duration.ofSeconds(5);

  private StepScenario() {}

  /** The demo cluster's telemetry group shaped for the scenario: 1 to 4 workers, a short scale-down window. */
  static GroupSpec group() {
    GroupSpec telemetry = FleetFixture.telemetryGroup();
    telemetry.setReplicas(ReplicasSpec.range(1, 4));
    telemetry.getAutoscaling().getScaleDown().setStabilizationSeconds(10);
    return telemetry;
  }

  static LoadRun.Spec load(ClusterUnderTest c, LoadProfile profile, Duration duration) {
    return load(c, profile, duration, Duration.ofSeconds(60));
  }

  /** As {@link #load(ClusterUnderTest, LoadProfile, Duration)}, waiting up to {@code drainWait} for a backlog. */
  static LoadRun.Spec load(ClusterUnderTest c, LoadProfile profile, Duration duration, Duration drainWait) {
    return new LoadRun.Spec(c.brokerUrl(), DemoCluster.LOAD_TOPIC, 50, 1, profile, duration,
        DemoCluster.OUTPUT_FILTER, 100, drainWait, null);
  }

  /** Waits for the load tester's report; dumps the logs first when it lost anything, so a failure explains itself. */
  static LoadReport finish(ClusterUnderTest c, LoadRun run) throws Exception {
    return finish(c, run, run.drainWait());
  }

  /** As {@link #finish(ClusterUnderTest, LoadRun)}; stops waiting once no output came for {@code stall}. */
  static LoadReport finish(ClusterUnderTest c, LoadRun run, Duration stall) throws Exception {
    LoadReport report = run.awaitReport(stall);
    if (report.lost() > 0) {
      c.dumpLogs();
    }
    return report;
  }

  static LoadReport run(ClusterUnderTest c) throws Exception {
    return run(c, () -> {});
  }

  /**
   * As {@link #run(ClusterUnderTest)}; {@code loadStarted} runs as the load starts, {@link #STEP_AT} before the step.
   */
  static LoadReport run(ClusterUnderTest c, Runnable loadStarted) throws Exception {
    await().atMost(WAIT).until(() -> c.readyWorkers() == 1);
    // 60 msg/s (a third of one worker), 400 msg/s for 30 s (needs 4), then 60 msg/s again: the scale-down
    // happens under load, so the drained workers hold messages when they stop.
    LoadProfile spike = new LoadProfile.Spike(60, 400, STEP_AT.toSeconds(), 30);
    LoadReport report;
    try (LoadRun run = LoadRun.start(load(c, spike, Duration.ofSeconds(80)))) {
      loadStarted.run();
      await().atMost(WAIT).until(() -> c.desired() >= 3);
      await().atMost(WAIT).until(() -> c.desired() <= 2
          && c.history().stream().anyMatch(e -> "Down".equals(e.getDirection())));
      report = finish(c, run);
      assertThat(report.lost()).as("acknowledged by the broker, never processed: " + report.summary()
          + "; missing sequences " + run.missingRanges(20)).isZero();
      assertThat(report.duplicates()).as("redeliveries stay within what was in flight at the scale-downs")
          .isLessThanOrEqualTo(4L * 4 * 3);
    }
    List<ScalingEvent> history = c.history();
    assertThat(history).anySatisfy(e -> {
      assertThat(e.getDirection()).isEqualTo("Up");
      assertThat(e.getReason()).isNotBlank();
      assertThat(e.getApplied()).isTrue();
    });
    assertThat(history).anySatisfy(e -> assertThat(e.getDirection()).isEqualTo("Down"));
    assertThat(c.eventReasons()).contains("ScaledUp", "ScaledDown")
        // Drained workers end their sessions and say so: nothing for an adopter to do.
        .doesNotContain("SessionsOrphaned");
    return report;
  }
}
