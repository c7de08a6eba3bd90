package io.routemq.e2e.sandbox;

import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders what {@code kubectl get routemqclusters} and {@code -o yaml} would show: the printer
 * columns, each group's figures, and the newest scaling events. Pure: status in, text out.
 */
public final class FleetView {

  private FleetView() {}

  public static String render(List<RouteMQCluster> clusters, Instant now, int events) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-12s %-6s %-7s %-8s %-8s %-8s %-22s %-8s %s%n",
        "NAME", "READY", "GROUPS", "WORKERS", "MSG/S", "BACKLOG", "LAST SCALE", "SCALED", "AGE"));
    for (RouteMQCluster c : clusters) {
      RouteMQClusterStatus s = Objects.requireNonNullElseGet(c.getStatus(), RouteMQClusterStatus::new);
      out.append(String.format(Locale.ROOT, "%-12s %-6s %-7s %-8s %-8s %-8s %-22s %-8s %s%n",
          c.getMetadata().getName(), condition(s, "Ready"), dash(s.getGroupCount()), dash(s.getWorkers()),
          dash(s.getMessagesPerSecond()), dash(s.getBacklog()), dash(s.getLastScale()),
          age(s.getLastScaleTime(), now), age(c.getMetadata().getCreationTimestamp(), now)));
    }
    out.append(String.format(Locale.ROOT, "%n%-22s %-9s %-8s %-8s %-10s %-10s %-9s %-8s %s%n",
        "GROUP", "MODE", "DESIRED", "READY", "ARRIVAL/S", "DONE/S", "BACKLOG", "CPU%", "RECOMMENDED"));
    for (RouteMQCluster c : clusters) {
      if (c.getStatus() == null) {
        continue;
      }
      for (GroupStatus g : c.getStatus().getGroups()) {
        out.append(String.format(Locale.ROOT, "%-22s %-9s %-8s %-8s %-10s %-10s %-9s %-8s %s%n",
            c.getMetadata().getName() + "/" + g.getName(), dash(g.getAutoscalingMode()),
            dash(g.getDesiredReplicas()), dash(g.getReadyReplicas()), rate(g.getArrivalRate()),
            rate(g.getMessagesPerSecond()), dash(g.getQueueDepth()), dash(g.getCpuUtilization()),
            dash(g.getRecommendedReplicas())));
      }
    }
    out.append(String.format(Locale.ROOT, "%nSCALING EVENTS (newest first)%n"));
    for (RouteMQCluster c : clusters) {
      if (c.getStatus() == null) {
        continue;
      }
      c.getStatus().getScalingHistory().stream().limit(events).forEach(e -> out.append(event(e, now)));
    }
    for (RouteMQCluster c : clusters) {
      if (c.getStatus() == null) {
        continue;
      }
      for (Condition cond : c.getStatus().getConditions()) {
        if (!"True".equals(cond.getStatus()) || !"Ready".equals(cond.getType())) {
          out.append(String.format(Locale.ROOT, "  condition %s=%s %s: %s%n", cond.getType(), cond.getStatus(),
              cond.getReason(), cond.getMessage()));
        }
      }
    }
    return out.toString();
  }

  private static String event(ScalingEvent e, Instant now) {
    return String.format(Locale.ROOT, "  %-6s %-10s %3s -> %-3s %-8s %-18s %s%n", age(e.getTime(), now),
        e.getGroup(), dash(e.getFrom()), dash(e.getTo()), dash(e.getDirection()), dash(e.getReason()),
        dash(e.getMessage()));
  }

  private static String condition(RouteMQClusterStatus s, String type) {
    return s.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse("-");
  }

  private static String rate(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
  }

  private static String dash(Object value) {
    return value == null ? "-" : value.toString();
  }

  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return "-";
    }
    try {
      long s = Math.max(0, Duration.between(Instant.parse(timestamp), now).toSeconds());
      return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : (s / 3600) + "h";
    } catch (DateTimeParseException e) {
      return "?";
    }
  }
}
