package io.routemq.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * What must hold for any text given to {@link PrometheusTextParser}: it never throws (a bad line is skipped, as
 * documented), every sample it returns has a name without spaces or braces, and a well-formed line placed among the
 * garbage still comes back exactly: name, labels (with any characters, escaped as the format says) and value (any
 * double, including NaN, infinities and subnormals).
 */
final class PrometheusTextOracle {

  private static final PrometheusTextParser PARSER = new PrometheusTextParser();

  private PrometheusTextOracle() {}

  static void check(String garbage) {
    List<MetricSample> fromGarbage = PARSER.parse(garbage);
    for (MetricSample s : fromGarbage) {
      assertThat(s.name()).isNotEmpty().doesNotContain(" ", "\t", "{", "\n");
    }
    MetricSample known = sampleFrom(garbage);
    String text = garbage + "\n" + render(known) + "\n" + garbage;
    assertThat(PARSER.parse(text)).as("parsing %s", text).contains(known);
  }

  /** A valid sample whose name, label value and value bits all come from the fuzzer's text. */
  static MetricSample sampleFrom(String text) {
    StringBuilder name = new StringBuilder("m_");
    for (char c : text.toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':') {
        name.append(c);
      }
    }
    long bits = 1125899906842597L;
    for (char c : text.toCharArray()) {
      bits = 31 * bits + c;
    }
    String label = text.length() > 200 ? text.substring(0, 200) : text;
    return new MetricSample(name.toString(), Map.of("l", label, "route", "a/{b}/#"), Double.longBitsToDouble(bits));
  }

  /** The exposition format's rendering of a sample (independent of the parser). */
  static String render(MetricSample s) {
    StringBuilder out = new StringBuilder(s.name()).append('{');
    s.labels().forEach((k, v) -> out.append(k).append("=\"")
        .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\","));
    out.append("} ");
    double v = s.value();
    out.append(Double.isNaN(v) ? "NaN" : v == Double.POSITIVE_INFINITY ? "+Inf"
        : v == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(v));
    return out.append(" 1700000000000").toString();
  }
}
