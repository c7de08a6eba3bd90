package io.routemq.operator.autoscaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps worker counts and history in memory, for tests and the simulation. */
public final class InMemoryScalingRealizer implements ScalingRealizer {
  private final Map<GroupKey, Integer> replicas = new ConcurrentHashMap<>();
  private final List<ScalingDecision> history = new ArrayList<>();

  @Override
  public void realize(GroupKey key, int count) {
    replicas.put(key, count);
  }

  @Override
  public synchronized void record(ScalingDecision decision) {
    history.add(decision);
  }

  /** Applies and records a decision as the Kubernetes side would. */
  public void accept(ScalingDecision d) {
    if (d.apply()) {
      realize(d.group(), d.desiredReplicas());
    }
    if (d.recordInHistory()) {
      record(d);
    }
  }

  public int replicas(GroupKey key, int otherwise) {
    return replicas.getOrDefault(key, otherwise);
  }

  public synchronized List<ScalingDecision> history() {
    return List.copyOf(history);
  }
}
