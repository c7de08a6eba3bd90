package io.routemq.operator.validation;

import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a group's route table fits in its ConfigMap. The CRD bounds routes and config keys but not config values,
 * so a spec the API server accepts can give a table the API server then refuses to store; caught here, the spec is
 * rejected with a message saying what to shorten, and nothing is applied, so running workers keep their table.
 */
final class RouteTableSize {

  /** Kubernetes: the data of a ConfigMap (keys and values) is at most 1 MiB. */
  static final int CONFIG_MAP_LIMIT_BYTES = 1024 * 1024;

  private RouteTableSize() {}

  static Optional<SpecProblem> check(RouteMQCluster cluster, GroupSpec group) {
    String json = RouteTableCodec.toJson(RouteTable.of(cluster, group));
    long size = json.getBytes(StandardCharsets.UTF_8).length
        + WorkerContract.ROUTE_TABLE_FILE_NAME.getBytes(StandardCharsets.UTF_8).length;
    if (size <= CONFIG_MAP_LIMIT_BYTES) {
      return Optional.empty();
    }
    return Optional.of(new SpecProblem(SpecProblem.ROUTE_TABLE_TOO_LARGE, "group " + group.getName()
        + ": its route table is " + size + " bytes, over the " + CONFIG_MAP_LIMIT_BYTES + " bytes a ConfigMap holds"
        + largest(group) + ". Shorten handler config values or move routes to another group; the running workers"
        + " keep their current route table meanwhile"));
  }

  /** Where most of the bytes are, so the message points at what to shorten. */
  private static String largest(GroupSpec group) {
    String where = "";
    long most = 0;
    for (int i = 0; i < group.getRoutes().size(); i++) {
      RouteSpec route = group.getRoutes().get(i);
      Map<String, String> config = route.getHandler() == null ? null : route.getHandler().getConfig();
      if (config == null) {
        continue;
      }
      for (Map.Entry<String, String> e : config.entrySet()) {
        long bytes = e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > most) {
          most = bytes;
          where = " (the largest value: routes[" + i + "] handler config \"" + e.getKey() + "\", " + bytes + " bytes)";
        }
      }
    }
    return where;
  }
}
