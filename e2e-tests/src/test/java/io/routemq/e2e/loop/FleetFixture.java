package io.routemq.e2e.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.e2e.fleet.DemoCluster;
import io.routemq.e2e.fleet.LocalBroker;
import io.routemq.e2e.fleet.LocalFleet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Assumptions;

/**
 * A broker and a local fleet running the demo cluster with only its telemetry group (as the test shapes it).
 */
final class FleetFixture extends ClusterUnderTest {
  static final String NS = "loop";

  final LocalBroker broker;
  final LocalFleet fleet;
  final Path dir;

  private FleetFixture(LocalBroker broker, LocalFleet fleet, Path dir) {
    this.broker = broker;
    this.fleet = fleet;
    this.dir = dir;
  }

  /** The demo cluster's telemetry group, for the test to shape. */
  static GroupSpec telemetryGroup() {
    return DemoCluster.load(NS, "tcp://127.0.0.1:1883").getSpec().getGroups().get(0);
  }

  /** The telemetry group with a fixed worker count (the CRD refuses a fixed count that is autoscaled). */
  static GroupSpec fixedTelemetryGroup(int workers) {
    GroupSpec telemetry = telemetryGroup();
    telemetry.setReplicas(ReplicasSpec.fixed(workers));
    telemetry.getAutoscaling().setMode(AutoscalingMode.Off);
    return telemetry;
  }

  static FleetFixture start(String brokerKind, String name, GroupSpec telemetry) throws Exception {
    return start(brokerKind, false, name, telemetry, FleetFixture::create);
  }

  /** As {@link #start(String, String, GroupSpec)}, the cluster put on the API server by {@code create}. */
  static FleetFixture start(String brokerKind, String name, GroupSpec telemetry,
      BiConsumer<LocalFleet, RouteMQCluster> create) throws Exception {
    return start(brokerKind, false, name, telemetry, create);
  }

  /**
   * As {@link #start(String, String, GroupSpec)} on a broker that keeps sessions and queued messages across
   * {@link LocalBroker#stop()} and {@link LocalBroker#startAgain()}, for the broker fault cases.
   */
  static FleetFixture startOnPersistentBroker(String brokerKind, String name, GroupSpec telemetry) throws Exception {
    return start(brokerKind, true, name, telemetry, FleetFixture::create);
  }

  private static void create(LocalFleet fleet, RouteMQCluster cluster) {
    fleet.client().resources(RouteMQCluster.class).inNamespace(NS).resource(cluster).create();
  }

  private static FleetFixture start(String brokerKind, boolean persistentBroker, String name, GroupSpec telemetry,
      BiConsumer<LocalFleet, RouteMQCluster> create) throws Exception {
    Assumptions.assumeTrue(LocalBroker.available(brokerKind),
        brokerKind + " is not installed here (apt-get install -y mosquitto): scenario skipped");
    Path dir = Path.of(System.getProperty("routemq.e2e.dumpDir", "target/e2e-dumps"), name + "-" + brokerKind);
    LocalBroker broker = LocalBroker.start(brokerKind, dir.resolve("broker"), persistentBroker);
    LocalFleet fleet = null;
    try {
      fleet = LocalFleet.start(LocalFleet.Options.fromSystemProperties(dir, NS, Map.of()));
      RouteMQCluster cluster = DemoCluster.load(NS, broker);
      // One group keeps the machine's two cores for the workers that matter.
      cluster.getSpec().setGroups(List.of(telemetry));
      create.accept(fleet, cluster);
      return new FleetFixture(broker, fleet, dir);
    } catch (Exception | Error e) {
      try (LocalBroker b = broker; LocalFleet started = fleet) {
        throw e;
      }
    }
  }

  @Override
  KubernetesClient client() {
    return fleet.client();
  }

  @Override
  String namespace() {
    return NS;
  }

  @Override
  String brokerUrl() {
    return broker.url();
  }

  /** Copies every log next to the test's other files, so a failure explains itself. */
  @Override
  void dumpLogs() throws Exception {
    fleet.dumpLogs(dir.resolve("logs"));
  }

  @Override
  public void close() throws Exception {
    try {
      fleet.close();
    } finally {
      broker.close();
    }
  }
}
