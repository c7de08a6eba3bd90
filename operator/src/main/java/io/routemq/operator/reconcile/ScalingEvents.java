package io.routemq.operator.reconcile;

import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.operator.events.EventRecorder;
import io.routemq.operator.status.StatusAggregator;
import java.util.Map;

/** Hands a scaling round to status (figures, history) and to core/v1 Events. */
final class ScalingEvents {

  /** Event reasons, as `kubectl describe rmq` shows them. */
  static final String SCALED_UP = "ScaledUp";
  static final String SCALED_DOWN = "ScaledDown";
  static final String SCALING_BLOCKED = "ScalingBlocked";
  static final String SCALING_RECOMMENDED = "ScalingRecommended";

  private ScalingEvents() {}

  static void record(RouteMQCluster cluster, ScalingRound round, StatusAggregator status, EventRecorder events) {
    if (round.budget() != null) {
      status.workerBudget(round.budget());
    }
    for (Map.Entry<String, GroupScaling> e : round.groups().entrySet()) {
      GroupScaling g = e.getValue();
      if (g.figures() != null) {
        status.autoscaling(e.getKey(), g.figures());
      }
      for (ScalingEvent event : g.newEvents()) {
        status.scalingEvent(event);
        String text = event.getGroup() + ": " + event.getFrom() + " -> " + event.getTo() + " workers ("
            + event.getReason() + "): " + event.getMessage();
        if (StatusAggregator.BUDGET_CAPPED.equals(event.getReason())) {
          // A warning whether or not workers moved: the group runs fewer workers than it needs.
          events.warning(cluster, StatusAggregator.BUDGET_CAPPED, text);
        } else if ("Blocked".equals(event.getDirection())) {
          events.warning(cluster, SCALING_BLOCKED, text);
        } else {
          events.normal(cluster, reasonOf(event), text);
        }
      }
    }
  }

  private static String reasonOf(ScalingEvent event) {
    if (!Boolean.TRUE.equals(event.getApplied())) {
      return SCALING_RECOMMENDED;
    }
    return "Up".equals(event.getDirection()) ? SCALED_UP : SCALED_DOWN;
  }
}
