package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.routemq.e2e.fleet.KubeletStandIn;
import io.routemq.e2e.fleet.OperatorProcess;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The leading operator is killed (SIGKILL) in the middle of a scaling change, with a standby replica as
 * {@code deploy/operator/} runs it: right after it raised the worker count (new workers still starting), and right
 * after it lowered it (workers still draining). The standby must take over, finish what was started without
 * undoing it, and lose nothing; recovery is the time from the kill until a new leader holds the Lease and every
 * wanted worker is ready.
 */
class LeaderFaultE2E {

  /** In the fault suite only (-Pfaults); the scale-down case, with its drains, runs in every build. */
  @Tag("fault-suite")
  @Test
  void theLeaderKilledInTheMiddleOfAScaleUp() throws Exception {
    run("leader-killed-mid-scale-up", true);
  }

  @Test
  void theLeaderKilledInTheMiddleOfADrainingScaleDown() throws Exception {
    run("leader-killed-mid-scale-down", false);
  }

  /**
   * @param scaleUp kill at the first worker count above the start (else at the first count below the peak, once the
   *     load fell)
   */
  private static void run(String name, boolean scaleUp) throws Exception {
    try (FleetFixture f = FleetFixture.start("hivemq", name, StepScenario.group())) {
      await().atMost(StepScenario.WAIT).until(() -> f.readyWorkers() == 1);
      // 60 msg/s, 400 msg/s (needs 3–4 workers) for 40 s, then 60 msg/s again for the scale-down.
      LoadProfile spike = new LoadProfile.Spike(60, 400, StepScenario.STEP_AT.toSeconds(), 40);
      try (OperatorProcess standby = f.fleet.startStandbyOperator();
          LoadRun run = LoadRun.start(StepScenario.load(f, spike, Duration.ofSeconds(120)))) {
        await().atMost(StepScenario.WAIT).until(() -> f.fleet.leaseHolder() != null);
        String leader = f.fleet.leaseHolder();
        int peak;
        if (scaleUp) {
          await().atMost(StepScenario.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> f.desired() > 1);
          peak = f.desired();
        } else {
          await().atMost(StepScenario.WAIT).until(() -> f.desired() >= 3 && f.readyWorkers() == f.desired());
          peak = f.desired();
          await().atMost(StepScenario.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> f.desired() < peak);
        }
        int atKill = f.desired();
        long starting = f.fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT).stream()
            .filter(p -> !p.ready() || p.terminating()).count();
        long killed = System.nanoTime();
        f.fleet.operator().kill();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
            f.fleet.leaseHolder() != null && !f.fleet.leaseHolder().equals(leader)
                && f.fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT).stream()
                    .filter(p -> !p.terminating()).allMatch(KubeletStandIn.PodView::ready)
                && f.readyWorkers() == f.desired());
        double recover = (System.nanoTime() - killed) / 1e9;
        int afterTakeover = f.desired();
        LoadReport report = StepScenario.finish(f, run);
        FaultOutcome outcome = new FaultOutcome(name, "hivemq", report, recover);
        System.out.println(outcome.benchLine());
        System.out.printf("FIGURE fault %s peak=%d workers_at_kill=%d pods_starting_or_draining_at_kill=%d"
            + " workers_after_takeover=%d%n", name, peak, atKill, starting, afterTakeover);

        assertThat(report.lost()).as("acknowledged, never processed: %s; missing %s", report.summary(),
            run.missingRanges(20)).isZero();
        if (scaleUp) {
          assertThat(afterTakeover).as("the new leader kept the scale-up").isGreaterThanOrEqualTo(atKill);
        } else {
          assertThat(afterTakeover).as("the new leader did not undo the scale-down").isLessThanOrEqualTo(atKill);
        }
        assertThat(recover).as("recovered within 30 s of the kill").isLessThanOrEqualTo(30);
      }
    }
  }
}
