package io.routemq.operator.reconcile;

import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.operator.status.GroupScalingFigures;
import java.util.List;
import java.util.OptionalInt;

/**
 * The autoscaler's answer for one group in one reconcile.
 *
 * @param replicas Operator mode: the worker count to write; empty to keep what runs
 * @param hpaMinReplicas HPA mode: the HPA's minReplicas (raised above the spec's min while the backlog needs it);
 *     empty for the spec's min
 * @param newEvents scaling events of this reconcile for status history and Events, oldest first
 * @param figures the latest measured figures, null before the first decision since the operator started
 * @param hpaMaxReplicas HPA mode under spec.workerBudget: the HPA's maxReplicas (the group's grant and headroom);
 *     empty for the spec's max
 */
public record GroupScaling(
    OptionalInt replicas, OptionalInt hpaMinReplicas, List<ScalingEvent> newEvents, GroupScalingFigures figures,
    OptionalInt hpaMaxReplicas) {

  public GroupScaling {
    newEvents = List.copyOf(newEvents);
  }

  /** Without a budget's cap on an HPA. */
  public GroupScaling(
      OptionalInt replicas, OptionalInt hpaMinReplicas, List<ScalingEvent> newEvents, GroupScalingFigures figures) {
    this(replicas, hpaMinReplicas, newEvents, figures, OptionalInt.empty());
  }
}
