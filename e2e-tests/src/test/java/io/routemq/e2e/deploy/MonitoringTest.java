package io.routemq.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.operator.reconcile.Labels;
import io.routemq.operator.reconcile.OperatorMetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard only asks for series the worker and the operator export, under the labels they carry; and
 * deploy/monitoring, as kubectl renders it, scrapes the operator's Service and the worker pods and ships that
 * dashboard.
 */
class MonitoringTest {
  private static final Path DASHBOARD = DeployManifestsTest.DEPLOY.resolve("monitoring/routemq-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("routemq_[a-z_]+");

  static Set<String> exportedNames() throws Exception {
    Set<String> names = new HashSet<>();
    for (Class<?> holder : List.of(WorkerContract.class, OperatorMetricNames.class)) {
      for (Field f : holder.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
            && ((String) f.get(null)).startsWith("routemq_")) {
          names.add((String) f.get(null));
        }
      }
    }
    // A histogram is exported as its buckets, count and sum; a Micrometer timer as count, sum and max.
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      names.add(WorkerContract.METRIC_HANDLER_SECONDS + suffix);
    }
    for (String suffix : List.of("_count", "_sum", "_max")) {
      names.add(OperatorMetricNames.RECONCILE_SECONDS + suffix);
    }
    return names;
  }

  static List<String> expressions(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
    dashboard.findValues("query").forEach(q -> exprs.add(q.isTextual() ? q.asText() : q.path("query").asText()));
    dashboard.findValues("definition").forEach(d -> exprs.add(d.asText()));
    return exprs;
  }

  @Test
  void theDashboardReferencesOnlyExportedMetricNames() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<String> exported = exportedNames();
    List<String> used = new ArrayList<>();
    for (String expr : expressions(dashboard)) {
      Matcher m = METRIC.matcher(expr);
      while (m.find()) {
        used.add(m.group());
      }
    }
    assertThat(used).as("metric names in the dashboard").isNotEmpty();
    assertThat(exported).as("exported names").containsAll(used);
    // The panels the issue asks for: workers, msg/s in and out, queue depth, CPU, latency; scaling annotations.
    assertThat(used).contains(OperatorMetricNames.GROUP_WORKERS_DESIRED, OperatorMetricNames.GROUP_WORKERS_READY,
        OperatorMetricNames.GROUP_ARRIVAL_RATE, WorkerContract.METRIC_PROCESSED, OperatorMetricNames.GROUP_QUEUE_DEPTH,
        OperatorMetricNames.GROUP_CPU_UTILIZATION, WorkerContract.METRIC_HANDLER_SECONDS + "_bucket",
        OperatorMetricNames.SCALING_EVENTS);
    assertThat(dashboard.path("annotations").path("list").get(0).path("expr").asText())
        .contains(OperatorMetricNames.SCALING_EVENTS);
  }

  @Test
  void everyVariableAndPanelFiltersByNamespaceClusterAndGroup() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as(panel.path("title").asText())
            .contains("namespace=~\"$namespace\"", "cluster=~\"$cluster\"", "group=~\"$group\"");
      }
    }
  }

  @Test
  void theServiceMonitorSelectsTheOperatorsMetricsService() {
    JsonNode service = Kustomize.render("operator").find("Service", "routemq-operator-metrics");
    JsonNode monitor = Kustomize.render("monitoring").find("ServiceMonitor", "routemq-operator");
    // Without a namespaceSelector a ServiceMonitor looks in its own namespace only.
    assertThat(monitor.at("/spec/namespaceSelector").isMissingNode()).isTrue();
    assertThat(monitor.at("/metadata/namespace")).isEqualTo(service.at("/metadata/namespace"));
    Map<String, Object> labels = new ObjectMapper().convertValue(service.at("/metadata/labels"), Map.class);
    Map<String, Object> selector =
        new ObjectMapper().convertValue(monitor.at("/spec/selector/matchLabels"), Map.class);
    assertThat(labels).as("labels of the operator's Service, which the ServiceMonitor selects by")
        .containsAllEntriesOf(selector);
    List<String> ports = service.at("/spec/ports").findValuesAsText("name");
    assertThat(monitor.at("/spec/endpoints").findValuesAsText("port")).as("ports the ServiceMonitor scrapes")
        .isNotEmpty().isSubsetOf(ports);
  }

  @Test
  void thePodMonitorSelectsWorkerPodsInEveryNamespace() {
    JsonNode monitor = Kustomize.render("monitoring").find("PodMonitor", "routemq-workers");
    assertThat(monitor.at("/spec/namespaceSelector/any").asBoolean()).isTrue();
    assertThat(monitor.at("/spec/selector/matchLabels"))
        .isEqualTo(new ObjectMapper().createObjectNode().put(Labels.NAME, Labels.WORKER_APP));
  }

  @Test
  void theDashboardConfigMapCarriesTheDashboardForGrafanasSidecar() throws Exception {
    JsonNode configMap = Kustomize.render("monitoring").find("ConfigMap", "routemq-grafana-dashboard");
    assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode shipped = new ObjectMapper().readTree(configMap.at("/data/routemq-dashboard.json").asText());
    assertThat(shipped).isEqualTo(new ObjectMapper().readTree(DASHBOARD.toFile()));
  }
}
