package io.routemq.operator.autoscaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps autoscaler state in a map; lost on restart, which {@link GroupState#restored} makes harmless. */
public final class InMemoryAutoscalerStateStore implements AutoscalerStateStore {
  private final Map<GroupKey, GroupState> states = new ConcurrentHashMap<>();

  @Override
  public GroupState load(GroupKey key) {
    return states.getOrDefault(key, GroupState.empty());
  }

  @Override
  public void save(GroupKey key, GroupState state) {
    states.put(key, state);
  }

  @Override
  public void remove(GroupKey key) {
    states.remove(key);
  }

  @Override
  public boolean contains(GroupKey key) {
    return states.containsKey(key);
  }
}
