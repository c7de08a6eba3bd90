package io.routemq.operator.metrics;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the Prometheus text parser against {@link PrometheusTextOracle}. Plain {@code verify} runs it with
 * JAZZER_FUZZ=1 for a fixed time, starting from the committed corpus in PrometheusTextParserFuzzTestInputs/ (every
 * file there is replayed first); a finding is written there and fails the build.
 */
class PrometheusTextParserFuzzTest {

  @FuzzTest(maxDuration = "15s")
  @DictionaryEntries({"{", "}", "=\"", "\",", "\\\"", "\\\\", "\\n", "NaN", "+Inf", "-Inf", "# TYPE ", "1e308"})
  void parse(byte[] data) {
    PrometheusTextOracle.check(new String(data, StandardCharsets.UTF_8));
  }
}
