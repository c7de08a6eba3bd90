package io.routemq.operator.reconcile;

/** A child's name is taken by an object this cluster does not own; the operator will not overwrite it. */
public class ForeignObjectException extends RuntimeException {

  public static final String REASON = "NameConflict";

  public ForeignObjectException(String kind, String name) {
    super(kind + " \"" + name + "\" already exists and is not owned by this RouteMQCluster: rename or delete it,"
        + " or rename the cluster or group");
  }
}
