package io.routemq.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PodMonitor and ServiceMonitor are the Prometheus operator's types, not in the Fabric8 model: checked here against
 * the fields we use of their v1 schema, so a typo is caught as an unknown field the way it is for built-in kinds.
 */
final class PrometheusOperatorObjects {
  static final String GROUP = "monitoring.coreos.com";

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Map<String, Set<String>> SPEC = Map.of(
      "PodMonitor", Set.of("namespaceSelector", "selector", "podMetricsEndpoints", "jobLabel", "podTargetLabels"),
      "ServiceMonitor", Set.of("namespaceSelector", "selector", "endpoints", "jobLabel", "targetLabels"));
  private static final Set<String> ENDPOINT = Set.of("port", "path", "interval", "scrapeTimeout", "scheme",
      "relabelings", "metricRelabelings", "honorLabels");
  private static final Set<String> RELABELING = Set.of("sourceLabels", "targetLabel", "regex", "replacement",
      "action", "separator");

  private PrometheusOperatorObjects() {}

  static List<String> problems(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    String kind = doc.path("kind").asText();
    if (!doc.path("apiVersion").asText().equals(GROUP + "/v1") || !SPEC.containsKey(kind)) {
      problems.add("only " + GROUP + "/v1 PodMonitor and ServiceMonitor are expected, not " + kind);
      return problems;
    }
    unknown(doc, TOP, kind, problems);
    JsonNode spec = doc.path("spec");
    unknown(spec, SPEC.get(kind), kind + ".spec", problems);
    if (!spec.path("selector").has("matchLabels")) {
      problems.add(kind + ".spec.selector.matchLabels is missing");
    }
    JsonNode endpoints = spec.path(kind.equals("PodMonitor") ? "podMetricsEndpoints" : "endpoints");
    if (!endpoints.isArray() || endpoints.isEmpty()) {
      problems.add(kind + " has no endpoints");
    }
    for (JsonNode e : endpoints) {
      unknown(e, ENDPOINT, kind + " endpoint", problems);
      if (!e.has("port") || !e.path("path").asText().startsWith("/")) {
        problems.add(kind + " endpoint needs a port and an absolute path");
      }
      for (JsonNode r : e.path("relabelings")) {
        unknown(r, RELABELING, kind + " relabeling", problems);
      }
    }
    return problems;
  }

  private static void unknown(JsonNode node, Set<String> allowed, String where, List<String> problems) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        problems.add("unknown field " + field + " in " + where);
      }
    }
  }
}
