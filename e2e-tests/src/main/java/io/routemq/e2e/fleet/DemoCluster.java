package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sandbox's RouteMQCluster ({@code sandbox/demo-cluster.yaml}), pointed at a given broker. */
public final class DemoCluster {
  /** The topic the load goes to; {@code {n}} is the device number. */
  public static final String LOAD_TOPIC = "sensors/device-{n}/telemetry";
  /** Where the telemetry handler republishes each message. */
  public static final String OUTPUT_FILTER = "processed/#";
  /** What one telemetry worker handles per second (concurrency 4, 25 ms of work per message). */
  public static final double WORKER_CAPACITY = 160;

  private DemoCluster() {}

  /** The demo cluster on a broker of the local fleet, with the drain mode that broker needs. */
  public static RouteMQCluster load(String namespace, LocalBroker broker) {
    RouteMQCluster cluster = load(namespace, broker.url());
    cluster.getSpec().getBroker().setDrainMode(broker.drainMode());
    return cluster;
  }

  public static RouteMQCluster load(String namespace, String brokerUrl) {
    try (InputStream in = DemoCluster.class.getResourceAsStream("/sandbox/demo-cluster.yaml")) {
      RouteMQCluster cluster = Serialization.unmarshal(in, RouteMQCluster.class);
      cluster.getMetadata().setNamespace(namespace);
      cluster.getSpec().getBroker().setUrl(brokerUrl);
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
