package io.routemq.operator.autoscaling;

/** Identifies one worker group: a RouteMQCluster's namespace and name plus the group name. */
public record GroupKey(String namespace, String cluster, String group) {
  @Override
  public String toString() {
    return namespace + "/" + cluster + "/" + group;
  }
}
