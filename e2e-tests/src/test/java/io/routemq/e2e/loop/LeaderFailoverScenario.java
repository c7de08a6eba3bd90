package io.routemq.e2e.loop;

import static org.awaitility.Awaitility.await;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.e2e.fleet.OperatorProcess;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Two operator replicas on the real control plane, as {@code deploy/operator/} runs them: under steady load with a
 * settled worker count, the leader's process is killed (SIGKILL, no chance to release its Lease); the standby takes
 * the Lease over once it expires, and the fleet goes on with no worker count change.
 */
final class LeaderFailoverScenario {

  /**
   * @param failoverSeconds from the kill to the Lease naming the standby
   * @param historyBefore scaling events before the kill
   * @param historyAfter scaling events 15 s after the failover
   */
  record Outcome(double failoverSeconds, int desiredBefore, int desiredAfter, List<ScalingEvent> historyBefore,
      List<ScalingEvent> historyAfter, long lost) {

    String benchLine(String broker) {
      return String.format(Locale.ROOT, "BENCH leader api=real broker=%s failover_s=%.1f workers_before=%d"
          + " workers_after=%d scaling_events_after=%d lost=%d", broker, failoverSeconds, desiredBefore,
          desiredAfter, historyAfter.size() - historyBefore.size(), lost);
    }
  }

  private LeaderFailoverScenario() {}

  /** 2 to 6 workers, a scale-up asked for over 6 s (see ClosedLoopE2E's restart test for why). */
  static GroupSpec group() {
    GroupSpec telemetry = FleetFixture.telemetryGroup();
    telemetry.setReplicas(ReplicasSpec.range(2, 6));
    ScalingBehaviorSpec scaleUp = new ScalingBehaviorSpec();
    scaleUp.setStabilizationSeconds(6);
    telemetry.getAutoscaling().setScaleUp(scaleUp);
    return telemetry;
  }

  static Outcome run(FleetFixture f) throws Exception {
    // Before a worker subscribes, the broker drops what is published to its group: start the load after.
    await().atMost(StepScenario.WAIT).until(() -> f.readyWorkers() == 2);
    try (OperatorProcess standby = f.fleet.startStandbyOperator();
        LoadRun run = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(250), Duration.ofSeconds(120)))) {
      await().atMost(StepScenario.WAIT).until(() -> f.fleet.leaseHolder() != null);
      String holder = f.fleet.leaseHolder();
      // Settled: 250 msg/s needs 3 workers (2 run at 93 % busy), so the leader has scaled up; every worker is ready
      // and no scaling event came for longer than the scale-down window (20 s).
      await().atMost(StepScenario.WAIT).until(() -> f.desired() > 2 && f.readyWorkers() == f.desired()
          && f.noScalingEventFor(Duration.ofSeconds(25)));
      int before = f.desired();
      List<ScalingEvent> historyBefore = f.history();
      long killed = System.nanoTime();
      f.fleet.operator().kill();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> f.fleet.leaseHolder() != null && !f.fleet.leaseHolder().equals(holder));
      double failover = (System.nanoTime() - killed) / 1e9;
      // The new leader starts with empty metric windows: it must neither add nor remove workers while they refill.
      await().pollDelay(Duration.ofSeconds(15)).atMost(StepScenario.WAIT).until(() -> true);
      List<ScalingEvent> historyAfter = f.history();
      int after = f.desired();
      long lost = StepScenario.finish(f, run).lost();
      return new Outcome(failover, before, after, historyBefore, historyAfter, lost);
    }
  }
}
