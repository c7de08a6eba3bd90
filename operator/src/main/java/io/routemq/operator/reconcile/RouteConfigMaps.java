package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Builds a group's route-table ConfigMap (pure). */
public final class RouteConfigMaps {

  private RouteConfigMaps() {}

  /** The route-table JSON of a group, in the one format the worker reads. */
  public static String routeTableJson(RouteMQCluster cluster, GroupSpec group) {
    return RouteTableCodec.toJson(RouteTable.of(cluster, group));
  }

  /** A short, stable hash of the route table; the codec's output is ordered, so equal tables hash equal. */
  public static String hash(String routeTableJson) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(routeTableJson.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  public static ConfigMap desired(RouteMQCluster cluster, GroupSpec group, String routeTableJson) {
    return new ConfigMapBuilder()
        .withMetadata(Labels.childMetadata(cluster, group))
        .withData(Map.of(WorkerContract.ROUTE_TABLE_FILE_NAME, routeTableJson))
        .build();
  }
}
