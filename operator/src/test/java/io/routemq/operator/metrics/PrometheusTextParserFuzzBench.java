package io.routemq.operator.metrics;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;

/**
 * The longer fuzz run of the Prometheus text parser (profile bench, JAZZER_FUZZ=1): one minute against the same
 * oracle as {@link PrometheusTextParserFuzzTest}, then {@code BENCH fuzz target=prometheus-text execs=… crashes=…}.
 */
class PrometheusTextParserFuzzBench {

  private static long execs;
  private static long crashes;

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({"{", "}", "=\"", "\",", "\\\"", "\\\\", "\\n", "NaN", "+Inf", "-Inf", "# TYPE ", "1e308"})
  void parse(byte[] data) {
    execs++;
    try {
      PrometheusTextOracle.check(new String(data, StandardCharsets.UTF_8));
    } catch (RuntimeException | AssertionError e) {
      crashes++;
      throw e;
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("BENCH fuzz target=prometheus-text execs=%d crashes=%d%n", execs, crashes);
  }
}
