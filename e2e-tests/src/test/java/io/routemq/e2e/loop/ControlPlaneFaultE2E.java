package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The API server and etcd go down for a minute just as a load step asks for more workers. The workers must keep
 * working without them; the operator, blind, must change nothing; once the control plane is back the operator (a
 * new process if the old one exited on losing its Lease, as the kubelet would restart its pod) must make the
 * scale-up and the status must catch up; nothing acknowledged may be lost.
 */
@Tag("fault-suite")
class ControlPlaneFaultE2E {
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  /** The load steps up 2 s after the control plane went down: the operator cannot have acted on it before. */
  private static final Duration DOWN_AT = Duration.ofSeconds(8);
  private static final Duration STEP_AT = Duration.ofSeconds(10);

  @Test
  void theApiServerDownForAMinuteDuringAScaleUp() throws Exception {
    try (FleetFixture f = FleetFixture.start("hivemq", "api-down", StepScenario.group())) {
      await().atMost(StepScenario.WAIT).until(() -> f.readyWorkers() == 1);
      // 60 msg/s, then 400 msg/s (needs 3–4 workers) from 10 s on, through the outage and 90 s after it.
      LoadProfile step = new LoadProfile.Step(60, 400, STEP_AT.toSeconds());
      Duration load = DOWN_AT.plus(OUTAGE).plus(Duration.ofSeconds(90));
      // The backlog of the minute without scale-up takes minutes to work off at the group's maximum of 4: lost is
      // what never came out, not what was still queued (the wait ends early once outputs stop for 30 s).
      try (LoadRun run = LoadRun.start(StepScenario.load(f, step, load, Duration.ofMinutes(6)))) {
        await().pollDelay(DOWN_AT).atMost(DOWN_AT.plusSeconds(1)).until(() -> true);
        int before = f.desired();
        Instant faultStart = Instant.now();
        f.fleet.controlPlane().stopApiServer();
        long receivedAtStop = run.received();
        await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
        long processedWhileDown = run.received() - receivedAtStop;
        f.fleet.controlPlane().startApiServer();
        Instant faultEnd = Instant.now();
        int atReturn = f.desired();
        // JOSDK exits when it cannot renew its Lease (renew deadline 10 s); in a cluster the kubelet restarts it.
        boolean operatorExited = !f.fleet.operator().isAlive();
        if (operatorExited) {
          f.fleet.restartOperator();
        }
        try {
          await().atMost(StepScenario.WAIT).until(() -> f.desired() >= 3 && f.history().stream()
              .anyMatch(e -> "Up".equals(e.getDirection()) && Boolean.TRUE.equals(e.getApplied())
                  && Instant.parse(e.getTime()).isAfter(faultEnd.minusSeconds(1))));
        } catch (ConditionTimeoutException e) {
          f.dumpLogs();
          throw e;
        }
        double recover = Duration.between(faultEnd, Instant.now()).toMillis() / 1000.0;
        LoadReport report = StepScenario.finish(f, run, Duration.ofSeconds(30));
        FaultOutcome outcome = new FaultOutcome("api-server-down-60s", "hivemq", report, recover);
        System.out.println(outcome.benchLine());
        System.out.printf("FIGURE fault api-server-down-60s processed_while_down=%d workers_before=%d"
            + " workers_at_return=%d operator_exited=%s workers_after=%d%n", processedWhileDown, before, atReturn,
            operatorExited, f.desired());

        assertThat(report.lost()).as("acknowledged, never processed: %s; missing %s", report.summary(),
            run.missingRanges(20)).isZero();
        assertThat(processedWhileDown).as("the workers kept working without the control plane").isPositive();
        assertThat(atReturn).as("no replica change while the operator was blind").isEqualTo(before);
        List<ScalingEvent> downs = f.history().stream().filter(e -> "Down".equals(e.getDirection())
            && Boolean.TRUE.equals(e.getApplied()) && Instant.parse(e.getTime()).isAfter(faultStart)).toList();
        assertThat(downs).as("no scale-down under the step").isEmpty();
        assertThat(recover).as("scaled up, with the status showing it, within 30 s of the return")
            .isLessThanOrEqualTo(30);
      }
    }
  }
}
