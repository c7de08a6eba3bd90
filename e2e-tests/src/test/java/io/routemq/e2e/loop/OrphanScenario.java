package io.routemq.e2e.loop;

import static org.awaitility.Awaitility.await;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.e2e.fleet.KubeletStandIn;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A worker that dies for good: under QoS 1 load, one of a shared group's two workers loses its pod with no grace
 * period (what a lost node, a forced eviction or {@code kubectl delete --force} leaves behind). Its replacement has a
 * new name, so a new MQTT client id, and never resumes the dead worker's session: whatever the broker queued there
 * must still reach the group.
 */
final class OrphanScenario {

  /**
   * What the scenario measured.
   *
   * @param report the load run's outcome
   * @param recoveredSeconds from the pod's deletion to the last delivery held up longer than {@link LoadRun#LATE}
   *     (0 when nothing was held up)
   * @param lateDeliveries deliveries that took longer than {@link LoadRun#LATE}
   */
  record Outcome(String broker, LoadReport report, double recoveredSeconds, int lateDeliveries, String missing) {

    String benchLine() {
      return String.format(Locale.ROOT, "BENCH orphan broker=%s sent=%d received=%d lost=%d duplicates=%d"
              + " recovered_s=%.1f late=%d", broker, report.sent(), report.received(), report.lost(),
          report.duplicates(), recoveredSeconds, lateDeliveries);
    }
  }

  private OrphanScenario() {}

  /** Two workers, a fixed count: nothing but the lost pod changes the group. */
  static GroupSpec group() {
    return FleetFixture.fixedTelemetryGroup(2);
  }

  static Outcome run(FleetFixture f, String broker) throws Exception {
    await().atMost(StepScenario.WAIT).until(() -> f.readyWorkers() == 2);
    // 100 msg/s: well within two workers (about 160 msg/s each), and within one while the replacement starts, so
    // anything late was held up by the lost worker, not by the load.
    try (LoadRun run = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(100), Duration.ofSeconds(40)))) {
      await().atMost(StepScenario.WAIT).until(() -> run.received() > 600);
      KubeletStandIn.PodView victim = f.fleet.kubelet().pods(FleetFixture.DEPLOYMENT).get(0);
      Instant deleted = Instant.now();
      f.client().pods().inNamespace(f.namespace()).withName(victim.name()).withGracePeriod(0).delete();
      LoadReport report = StepScenario.finish(f, run);
      double recovered = run.lastLateDelivery()
          .map(last -> Math.max(0, Duration.between(deleted, last).toMillis() / 1000.0)).orElse(0.0);
      return new Outcome(broker, report, recovered, run.lateDeliveries(), run.missingRanges(20));
    }
  }
}
