package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.e2e.fleet.KubeletStandIn;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole loop with real processes: broker, API server (mock), the packaged operator, real workers run by the node
 * simulator, and QoS 1 load with sequence numbers. Scenarios run on embedded HiveMQ CE and on Mosquitto (skipped
 * when it is not installed).
 */
class ClosedLoopE2E {
  private static final Duration WAIT = StepScenario.WAIT;

  /**
   * On both brokers, each with the drain mode it needs ({@code LocalBroker#drainMode}): with Unsubscribe, HiveMQ CE
   * 2025.5 lost about 2,000 of 15,000 messages here, because an unsubscribe under load can stall its shared group.
   */
  /**
   * The brokers of the step and kill cases. With {@code -Pnode} the Mosquitto cases run on the real node instead
   * (ClosedLoopOnRealNodeIT: the same StepScenario, and a container killed by the runtime), so they are not run a
   * second time on the kubelet stand-in; HiveMQ runs here in every build.
   */
  static Stream<String> standInBrokers() {
    return Boolean.getBoolean("routemq.e2e.realNode") ? Stream.of("hivemq") : Stream.of("hivemq", "mosquitto");
  }

  @ParameterizedTest
  @MethodSource("standInBrokers")
  void aLoadStepScalesUpAndTheDrainingScaleDownLosesNothing(String brokerKind) throws Exception {
    try (FleetFixture f = FleetFixture.start(brokerKind, "step", StepScenario.group())) {
      StepScenario.run(f);
      assertThat(f.fleet.kubelet().terminations()).isNotEmpty().allSatisfy(t -> assertThat(t.graceful()).isTrue());
    }
  }

  @ParameterizedTest
  @MethodSource("standInBrokers")
  void aWorkerKilledMidLoadHasItsUnackedMessagesRedelivered(String brokerKind) throws Exception {
    GroupSpec telemetry = FleetFixture.fixedTelemetryGroup(2);
    try (FleetFixture f = FleetFixture.start(brokerKind, "kill", telemetry)) {
      await().atMost(WAIT).until(() -> f.readyWorkers() == 2);
      try (LoadRun run = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(150), Duration.ofSeconds(20)))) {
        await().atMost(WAIT).until(() -> run.received() > 500);
        KubeletStandIn.PodView victim = f.fleet.kubelet().pods(FleetFixture.DEPLOYMENT).get(0);
        f.fleet.kubelet().crash(victim.name());
        // kubelet restarts the container in the same pod: same client id, so the broker resumes its session.
        await().atMost(WAIT).until(() -> f.fleet.kubelet().pods(FleetFixture.DEPLOYMENT).stream()
            .anyMatch(p -> p.name().equals(victim.name()) && p.restarts() == 1 && p.ready()));
        LoadReport report = StepScenario.finish(f, run);
        assertThat(report.lost()).as("the killed worker's unacked messages come back: " + report.summary()
            + "; missing sequences " + run.missingRanges(20))
            .isZero();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hivemq"})
  void restartingTheOperatorMidRunChangesNoWorkerCount(String brokerKind) throws Exception {
    GroupSpec telemetry = FleetFixture.telemetryGroup();
    // 250 msg/s needs 250 / (150 x 70 %) = 2.4, so 3 workers. Starting from 2, which keep up at 83 % busy, builds
    // almost no backlog: starting from 1 built one whose catch-up the worker-local source reads as arrivals, so
    // the count overshot to 4 or 5 and was still moving when the operator restarted (2 of 3 runs).
    telemetry.setReplicas(ReplicasSpec.range(2, 6));
    // Even settled, rates measured over 2 s burst to 1.6 x the load now and then (delivery stalls, then catches
    // up): 3 -> 4 -> 3 at a constant 250 msg/s in 1 of 3 runs. A scale-up must be asked for over 6 s here, as a
    // user with bursty delivery would set it (src/site/markdown/autoscaling.md); the restart is what this tests.
    ScalingBehaviorSpec scaleUp = new ScalingBehaviorSpec();
    scaleUp.setStabilizationSeconds(6);
    telemetry.getAutoscaling().setScaleUp(scaleUp);
    try (FleetFixture f = FleetFixture.start(brokerKind, "restart", telemetry)) {
      await().atMost(WAIT).until(() -> f.readyWorkers() == 2);
      try (LoadRun run = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(250), Duration.ofSeconds(150)))) {
        // Settled: above the minimum, every worker ready, and no scaling event for longer than the scale-down
        // window (20 s), so no decision is pending when the operator stops.
        await().atMost(WAIT).until(() -> f.desired() > 2 && f.readyWorkers() == f.desired()
            && f.noScalingEventFor(Duration.ofSeconds(25)));
        int before = f.desired();
        int eventsBefore = f.history().size();
        f.fleet.restartOperator();
        // Observed for 15 s, less than the scale-down window: the restarted operator must neither add nor remove
        // workers while its windows refill.
        await().pollDelay(Duration.ofSeconds(15)).atMost(WAIT).until(() -> true);
        List<ScalingEvent> history = f.history();
        assertThat(history).as("no scaling event after the restart; newest first: %s", history.stream()
            .map(e -> e.getTime() + " " + e.getMessage()).toList())
            .hasSize(eventsBefore);
        assertThat(f.desired()).isEqualTo(before);
      }
    }
  }
}
