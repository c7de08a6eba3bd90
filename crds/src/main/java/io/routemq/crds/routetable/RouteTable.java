package io.routemq.crds.routetable;

import io.routemq.crds.v1alpha1.FailurePolicySpec;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteSpec;
import java.util.List;
import java.util.Map;

/**
 * The route-table file: what the operator writes into a group's ConfigMap and the worker reads at
 * start. Defined once, here, and serialized by {@link RouteTableCodec} on both sides.
 *
 * @param version format version, {@link #FORMAT_VERSION}; a worker refuses a newer one
 * @param cluster the RouteMQCluster name
 * @param namespace the RouteMQCluster namespace
 * @param group the group name
 * @param shared whether workers subscribe through {@code $share/<shareName>/}
 * @param shareName the shared-subscription group, {@code <cluster>-<group>}
 * @param concurrency messages a worker handles at once (handler threads of a shared group; the MQTT receive maximum
 *     adds a prefetch, see {@link WorkerContract#receiveMaximum})
 * @param routes the routes, in declaration order (ties between equal patterns go to the first)
 * @param failurePolicy retries and dead-letter topic
 * @param drainTimeoutSeconds how long a stopping worker may take to finish what it holds
 */
public record RouteTable(
    int version,
    String cluster,
    String namespace,
    String group,
    boolean shared,
    String shareName,
    int concurrency,
    List<Route> routes,
    FailurePolicy failurePolicy,
    int drainTimeoutSeconds) {

  public static final int FORMAT_VERSION = 1;

  public RouteTable {
    routes = List.copyOf(routes);
  }

  /**
   * One route.
   *
   * @param topic the pattern, with {@code {param}}, {@code {param...}}, {@code +} and {@code #}
   * @param qos subscription QoS
   * @param handler handler name in the worker's catalog
   * @param config handler settings
   */
  public record Route(String topic, int qos, String handler, Map<String, String> config) {
    public Route {
      config = config == null ? Map.of() : Map.copyOf(config);
    }
  }

  /**
   * What happens to a message whose handler fails.
   *
   * @param maxAttempts tries per message before dead-lettering
   * @param initialBackoffMillis wait before the first retry, doubled per retry
   * @param maxBackoffMillis longest wait between retries
   * @param deadLetterTopic where a message goes when its attempts are used up
   */
  public record FailurePolicy(
      int maxAttempts, long initialBackoffMillis, long maxBackoffMillis, String deadLetterTopic) {}

  /** The route table of one group of a cluster, with every default of the CRD applied. */
  public static RouteTable of(RouteMQCluster cluster, GroupSpec group) {
    String clusterName = cluster.getMetadata().getName();
    String shareName = RouteMQCluster.childName(clusterName, group.getName());
    List<Route> routes =
        group.getRoutes().stream().map(RouteTable::routeOf).toList();
    return new RouteTable(
        FORMAT_VERSION,
        clusterName,
        cluster.getMetadata().getNamespace(),
        group.getName(),
        group.isShared(),
        shareName,
        group.effectiveConcurrency(),
        routes,
        failurePolicyOf(group.getFailurePolicy(), shareName),
        cluster.getSpec().getWorker().effectiveDrainTimeoutSeconds());
  }

  private static Route routeOf(RouteSpec spec) {
    return new Route(
        spec.getTopic(),
        spec.effectiveQos(),
        spec.getHandler().getType(),
        spec.getHandler().getConfig());
  }

  private static FailurePolicy failurePolicyOf(FailurePolicySpec spec, String shareName) {
    FailurePolicySpec s = spec == null ? new FailurePolicySpec() : spec;
    return new FailurePolicy(
        s.getMaxAttempts() == null ? 3 : s.getMaxAttempts(),
        s.getInitialBackoffMillis() == null ? 100 : s.getInitialBackoffMillis(),
        s.getMaxBackoffMillis() == null ? 10_000 : s.getMaxBackoffMillis(),
        s.getDeadLetterTopic() == null ? "routemq/dead-letter/" + shareName : s.getDeadLetterTopic());
  }
}
