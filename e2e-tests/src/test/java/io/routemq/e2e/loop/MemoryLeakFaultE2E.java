package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.e2e.fleet.KubeletStandIn;
import io.routemq.e2e.fleet.LocalFleet;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import io.routemq.operator.validation.SpecValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two workers whose handler keeps 256 KiB of every message (a cache that never evicts) under a steady QoS 1 load:
 * each runs out of its 128 MB heap every few hundred messages. The JVM must exit (ExitOnOutOfMemoryError, as in the
 * worker image) rather than limp on with dead threads; the kubelet restarts it; the broker gives what it held
 * unacknowledged to the group again. Nothing acknowledged may be lost; recover_s is the longest a worker was out.
 */
@Tag("fault-suite")
class MemoryLeakFaultE2E {
  private static final Duration LOAD = Duration.ofSeconds(90);

  @Test
  void workersThatRunOutOfHeapAreRestartedAndLoseNothing() throws Exception {
    GroupSpec leaky = FleetFixture.fixedTelemetryGroup(2);
    try (FleetFixture f = FleetFixture.start("hivemq", "memory-leak", leaky, MemoryLeakFaultE2E::createLeaky)) {
      await().atMost(StepScenario.WAIT).until(() -> f.readyWorkers() == 2);
      OutageWatch watch = new OutageWatch();
      LoadReport report;
      try (LoadRun run = LoadRun.start(StepScenario.load(f, new LoadProfile.Constant(100), LOAD))) {
        long end = System.nanoTime() + LOAD.toNanos();
        while (System.nanoTime() < end) {
          watch.observe(f.fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT));
          Thread.sleep(200);
        }
        report = StepScenario.finish(f, run);
      }
      int restarts = f.fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT).stream()
          .mapToInt(KubeletStandIn.PodView::restarts).sum();
      System.out.println(new FaultOutcome("worker-out-of-memory", "hivemq", report, watch.longestSeconds())
          .benchLine());
      System.out.printf("FIGURE fault worker-out-of-memory restarts=%d outages=%d%n", restarts, watch.outages);

      assertThat(restarts).as("the leak ran the workers out of heap (else the case tested nothing)")
          .isGreaterThanOrEqualTo(2);
      assertThat(report.lost()).as("acknowledged, never processed: %s", report.summary()).isZero();
      assertThat(watch.longestSeconds()).as("each worker back within 30 s of its exit").isLessThanOrEqualTo(30);
    }
  }

  /** The cluster with the leaking handler in a handlers jar and the operator told the image has it. */
  private static void createLeaky(LocalFleet fleet, RouteMQCluster cluster) {
    try {
      Path handlers = HandlerJar.write(fleet.workDir().resolve("handlers"), LeakingHandler.class);
      GroupSpec group = cluster.getSpec().getGroups().get(0);
      RouteSpec route = group.getRoutes().get(0);
      Map<String, String> config = new HashMap<>(route.getHandler().getConfig());
      config.put("leakKiB", "256");
      route.setHandler(new HandlerSpec("leak", config));
      group.setEnv(List.of(new EnvVar("ROUTEMQ_HANDLERS_DIR", handlers.toString(), null)));
      cluster.getMetadata().setAnnotations(Map.of(SpecValidator.EXTRA_HANDLERS_ANNOTATION, "leak"));
      fleet.client().resources(RouteMQCluster.class).inNamespace(FleetFixture.NS).resource(cluster).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How long workers were not ready after having been ready: one stretch per exit. */
  private static final class OutageWatch {
    private final Map<String, Long> downSince = new HashMap<>();
    private long longestNanos;
    private int outages;

    void observe(List<KubeletStandIn.PodView> pods) {
      long now = System.nanoTime();
      for (KubeletStandIn.PodView p : pods) {
        Long since = downSince.get(p.name());
        if (!p.ready() && since == null) {
          downSince.put(p.name(), now);
          outages++;
        } else if (p.ready() && since != null) {
          longestNanos = Math.max(longestNanos, now - since);
          downSince.remove(p.name());
        }
      }
    }

    double longestSeconds() {
      long now = System.nanoTime();
      long open = downSince.values().stream().mapToLong(s -> now - s).max().orElse(0);
      return Math.max(longestNanos, open) / 1e9;
    }
  }
}
