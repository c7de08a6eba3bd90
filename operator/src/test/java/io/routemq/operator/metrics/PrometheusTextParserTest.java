package io.routemq.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {
  private final PrometheusTextParser parser = new PrometheusTextParser();

  static final String WORKER = """
      # HELP routemq_messages_received_total Messages received
      # TYPE routemq_messages_received_total counter
      routemq_messages_received_total{route="sensors/{deviceId}/data"} 1200.0
      routemq_messages_received_total{route="alerts/#"} 300.0
      # TYPE routemq_messages_processed_total counter
      routemq_messages_processed_total{route="sensors/{deviceId}/data"} 1100.0
      routemq_messages_processed_total{route="alerts/#"} 290.0
      routemq_messages_failed_total{route="alerts/#"} 7.0
      routemq_messages_dead_lettered_total{route="alerts/#"} 3.0
      routemq_in_flight 12.0
      routemq_queue_depth 4.0
      routemq_busy_seconds_total 20.5
      routemq_handler_threads 4.0
      routemq_process_cpu_seconds_total 9.25
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
      """;

  @Test
  void parsesNamesLabelsAndValues() {
    List<MetricSample> samples = parser.parse(WORKER);

    assertThat(samples).hasSize(12);
    assertThat(samples.get(0)).isEqualTo(new MetricSample("routemq_messages_received_total",
        Map.of("route", "sensors/{deviceId}/data"), 1200.0));
    assertThat(samples.get(11).value()).isEqualTo(1.2e7);
    assertThat(samples.get(11).labels()).containsEntry("id", "G1 Eden Space");
  }

  @Test
  void handlesEscapesSpecialValuesTimestampsAndBadLines() {
    List<MetricSample> samples = parser.parse("""
        a{l="say \\"hi\\"",m="back\\\\slash",n="two\\nlines",} 1 1700000000000
        b NaN
        c +Inf
        d{x="1"} -Inf
        broken{x="unterminated 5
        e notanumber
        f{} 2.5e-3
        """);

    assertThat(samples).extracting(MetricSample::name).containsExactly("a", "b", "c", "d", "f");
    assertThat(samples.get(0).labels()).containsEntry("l", "say \"hi\"").containsEntry("m", "back\\slash")
        .containsEntry("n", "two\nlines");
    assertThat(samples.get(0).value()).isEqualTo(1.0);
    assertThat(samples.get(1).value()).isNaN();
    assertThat(samples.get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(samples.get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(samples.get(4).value()).isEqualTo(0.0025);
  }

  @Test
  void workerCountersSumSeriesAndKeepRoutes() {
    WorkerCounters c = WorkerCounters.from(parser.parse(WORKER));

    assertThat(c.received()).isEqualTo(1500.0);
    assertThat(c.processed()).isEqualTo(1390.0);
    assertThat(c.failed()).isEqualTo(7.0);
    assertThat(c.deadLettered()).isEqualTo(3.0);
    assertThat(c.completed()).isEqualTo(1393.0);
    assertThat(c.processedByRoute()).containsEntry("alerts/#", 290.0);
    assertThat(c.inFlight()).isEqualTo(12.0);
    assertThat(c.queueDepth()).isEqualTo(4.0);
    assertThat(c.busySeconds()).isEqualTo(20.5);
    assertThat(c.handlerThreads()).isEqualTo(4.0);
    assertThat(c.cpuSeconds()).isEqualTo(9.25);
  }
}
