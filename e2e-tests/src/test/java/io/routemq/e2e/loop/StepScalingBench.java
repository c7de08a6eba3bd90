package io.routemq.e2e.loop;

import static org.awaitility.Awaitility.await;

import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.e2e.fleet.DemoCluster;
import io.routemq.e2e.fleet.KubeletStandIn;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step scenario with real processes, timed (opt-in: -Pbench). A load of 60 msg/s steps to 600 msg/s at 10 s
 * for 40 s, then falls back. Prints one line per broker:
 * {@code BENCH e2e scenario=step broker=… api=real scale_up_decision_s=… first_new_worker_ready_s=… drain_p99_s=… lost=…
 * duplicates=…}: the decision is when the Deployment's count first rose after the step (polled every 100 ms), the
 * worker ready when a second worker reported ready, drain the SIGTERM-to-exit times of the scale-downs.
 */
class StepScalingBench {
  private static final double STEP_AT_SECONDS = 10;

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void step(String brokerKind) throws Exception {
    GroupSpec telemetry = FleetFixture.telemetryGroup();
    telemetry.setReplicas(ReplicasSpec.range(1, 6));
    telemetry.getAutoscaling().getScaleDown().setStabilizationSeconds(15);
    try (FleetFixture f = FleetFixture.start(brokerKind, "bench-step", telemetry)) {
      await().atMost(Duration.ofSeconds(120)).until(() -> f.readyWorkers() == 1);
      LoadProfile profile = new LoadProfile.Spike(60, 600, STEP_AT_SECONDS, 40);
      try (LoadRun run = LoadRun.start(new LoadRun.Spec(f.broker.url(), DemoCluster.LOAD_TOPIC, 50, 1, profile,
          Duration.ofSeconds(100), DemoCluster.OUTPUT_FILTER, 100, Duration.ofSeconds(90), null))) {
        long start = System.nanoTime();
        double decision = Double.NaN;
        double ready = Double.NaN;
        while ((Double.isNaN(decision) || Double.isNaN(ready)) && seconds(start) < 90) {
          if (Double.isNaN(decision) && f.desired() > 1) {
            decision = seconds(start) - STEP_AT_SECONDS;
          }
          if (Double.isNaN(ready) && f.fleet.kubelet().pods(FleetFixture.DEPLOYMENT).stream()
              .filter(KubeletStandIn.PodView::ready).count() > 1) {
            ready = seconds(start) - STEP_AT_SECONDS;
          }
          Thread.sleep(100);
        }
        await().atMost(Duration.ofSeconds(150)).until(() -> f.desired() == 1);
        LoadReport report = run.awaitReport();
        double[] drains = f.fleet.kubelet().terminations().stream()
            .mapToDouble(KubeletStandIn.Termination::seconds).sorted().toArray();
        // Nearest-rank percentile: with a handful of drains, p99 is the slowest.
        double drainP99 = drains.length == 0 ? Double.NaN
            : drains[Math.max(0, (int) Math.ceil(drains.length * 0.99) - 1)];
        System.out.printf(Locale.ROOT, "BENCH e2e scenario=step broker=%s api=real scale_up_decision_s=%.1f"
                + " first_new_worker_ready_s=%.1f drain_p99_s=%.1f drains=%d lost=%d duplicates=%d%n",
            brokerKind, decision, ready, drainP99, drains.length, report.lost(),
            report.duplicates());
      }
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
