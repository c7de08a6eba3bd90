package io.routemq.e2e.loop;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.e2e.fleet.DemoCluster;
import io.routemq.e2e.fleet.LocalBroker;
import io.routemq.e2e.fleet.LocalFleet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A broker and a local fleet running the demo cluster with only its telemetry group (as the test shapes it), plus
 * what the tests read: the Deployment's count, ready workers, history and Events.
 */
final class FleetFixture implements AutoCloseable {
  static final String NS = "loop";
  static final String DEPLOYMENT = "demo-telemetry";

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

  static FleetFixture start(String brokerKind, String name, GroupSpec telemetry) throws Exception {
    Assumptions.assumeTrue(LocalBroker.available(brokerKind),
        brokerKind + " is not installed here (apt-get install -y mosquitto): scenario skipped");
    Path dir = Path.of(System.getProperty("routemq.e2e.dumpDir", "target/e2e-dumps"), name + "-" + brokerKind);
    LocalBroker broker = LocalBroker.start(brokerKind, dir.resolve("broker"));
    try {
      LocalFleet fleet = LocalFleet.start(LocalFleet.Options.fromSystemProperties(dir, NS, Map.of()));
      RouteMQCluster cluster = DemoCluster.load(NS, broker.url());
      // One group keeps the machine's two cores for the workers that matter.
      cluster.getSpec().setGroups(List.of(telemetry));
      fleet.client().resources(RouteMQCluster.class).inNamespace(NS).resource(cluster).create();
      return new FleetFixture(broker, fleet, dir);
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
  }

  KubernetesClient client() {
    return fleet.client();
  }

  RouteMQCluster cluster() {
    return fleet.cluster("demo");
  }

  int readyWorkers() {
    RouteMQCluster c = cluster();
    return c.getStatus() == null || c.getStatus().getReadyWorkers() == null ? 0 : c.getStatus().getReadyWorkers();
  }

  /** The Deployment's spec.replicas: what the operator decided. */
  int desired() {
    var d = client().apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
    return d == null ? 0 : d.getSpec().getReplicas();
  }

  List<ScalingEvent> history() {
    RouteMQCluster c = cluster();
    return c.getStatus() == null || c.getStatus().getScalingHistory() == null ? List.of()
        : c.getStatus().getScalingHistory();
  }

  List<String> eventReasons() {
    return client().v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason).toList();
  }

  /** Copies every log next to the test's other files, so a failure explains itself. */
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
