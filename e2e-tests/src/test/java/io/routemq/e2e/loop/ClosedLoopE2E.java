package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.e2e.fleet.NodeSimulator;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
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
  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void aLoadStepScalesUpAndTheDrainingScaleDownLosesNothing(String brokerKind) throws Exception {
    try (FleetFixture f = FleetFixture.start(brokerKind, "step", StepScenario.group())) {
      StepScenario.run(f);
      assertThat(f.fleet.simulator().terminations()).isNotEmpty().allSatisfy(t -> assertThat(t.graceful()).isTrue());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void aWorkerKilledMidLoadHasItsUnackedMessagesRedelivered(String brokerKind) throws Exception {
    GroupSpec telemetry = FleetFixture.telemetryGroup();
    telemetry.setReplicas(ReplicasSpec.fixed(2));
    try (FleetFixture f = FleetFixture.start(brokerKind, "kill", telemetry)) {
      await().atMost(WAIT).until(() -> f.readyWorkers() == 2);
      try (LoadRun run = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(150), Duration.ofSeconds(20)))) {
        await().atMost(WAIT).until(() -> run.received() > 500);
        NodeSimulator.PodView victim = f.fleet.simulator().pods(FleetFixture.DEPLOYMENT).get(0);
        f.fleet.simulator().crash(victim.name());
        // kubelet restarts the container in the same pod: same client id, so the broker resumes its session.
        await().atMost(WAIT).until(() -> f.fleet.simulator().pods(FleetFixture.DEPLOYMENT).stream()
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
    telemetry.setReplicas(ReplicasSpec.range(1, 6));
    try (FleetFixture f = FleetFixture.start(brokerKind, "restart", telemetry)) {
      await().atMost(WAIT).until(() -> f.readyWorkers() == 1);
      // 250 msg/s needs 250 / (160 x 70 %) = 2.2, so 3 workers, and 2 would run at 78 %: a steady answer.
      try (LoadRun run = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(250), Duration.ofSeconds(60)))) {
        await().atMost(WAIT).until(() -> f.desired() == 3 && f.readyWorkers() == 3);
        // Let the count settle, then restart the operator under the same steady load.
        await().pollDelay(Duration.ofSeconds(6)).atMost(WAIT).until(() -> f.readyWorkers() == f.desired());
        int before = f.desired();
        int eventsBefore = f.history().size();
        f.fleet.restartOperator();
        // Observed for 15 s: the restarted operator must neither add nor remove workers while its windows refill.
        await().pollDelay(Duration.ofSeconds(15)).atMost(WAIT).until(() -> true);
        assertThat(f.desired()).isEqualTo(before);
        assertThat(f.history()).as("no scaling event after the restart").hasSize(eventsBefore);
      }
    }
  }
}
