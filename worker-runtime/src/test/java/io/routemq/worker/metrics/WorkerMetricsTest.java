package io.routemq.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.routemq.crds.routetable.WorkerContract;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exported names are the contract's: the operator's scraper reads exactly these. */
class WorkerMetricsTest {

  @Test
  void everyContractMetricIsExportedUnderItsExactName() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerMetrics metrics = new WorkerMetrics(registry, List.of("a/{x}"), 4);
    metrics.route("a/{x}").processed().increment();
    metrics.recordHandler(metrics.route("a/{x}"), 1_000_000);
    String text = registry.scrape();
    List<String> names = new ArrayList<>();
    for (Field f : WorkerContract.class.getFields()) {
      if (f.getName().startsWith("METRIC_") && Modifier.isStatic(f.getModifiers())) {
        names.add((String) f.get(null));
      }
    }
    assertThat(names).hasSize(10);
    for (String name : names) {
      String exported = name.equals(WorkerContract.METRIC_HANDLER_SECONDS) ? name + "_bucket" : name;
      assertThat(text.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]")[0]))
          .as("exported series for %s in%n%s", name, text).contains(exported);
    }
    assertThat(text).containsPattern(java.util.regex.Pattern.quote(WorkerContract.METRIC_PROCESSED + "{route=\"a/{x}\"")
        + ",?} 1\\.0");
    assertThat(text).contains(WorkerContract.METRIC_HANDLER_THREADS + " 4.0");
  }
}
