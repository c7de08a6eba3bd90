package io.routemq.operator.autoscaling;

/**
 * Where the engine keeps per-group state between decisions. In memory here; a Kubernetes implementation may back
 * it with a ConfigMap. After an operator restart the caller seeds it from status with
 * {@link GroupState#restored}, so the restart causes no replica change.
 */
public interface AutoscalerStateStore {

  /** The group's state, or {@link GroupState#empty()} when none is stored. */
  GroupState load(GroupKey key);

  void save(GroupKey key, GroupState state);

  /** Forget a group (deleted, or autoscaling turned off). */
  void remove(GroupKey key);

  /** Whether state is held for the group; a caller seeds it from status when not. */
  boolean contains(GroupKey key);
}
