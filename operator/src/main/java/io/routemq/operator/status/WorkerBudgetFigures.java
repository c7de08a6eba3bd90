package io.routemq.operator.status;

import java.util.List;

/**
 * How spec.workerBudget was shared in one reconcile, for condition ScalingLimited.
 *
 * @param maxWorkers the budget
 * @param capped the groups granted fewer workers than they need, in spec order
 */
public record WorkerBudgetFigures(int maxWorkers, List<Cap> capped) {

  public WorkerBudgetFigures {
    capped = List.copyOf(capped);
  }

  /** One capped group: it needs {@code need} workers and was granted {@code granted}. */
  public record Cap(String group, int priority, int need, int granted) {}
}
