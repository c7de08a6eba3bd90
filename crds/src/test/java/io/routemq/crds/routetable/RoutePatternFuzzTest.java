package io.routemq.crds.routetable;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the topic-pattern parser against {@link RoutePatternOracle}. Plain {@code verify} runs it with
 * JAZZER_FUZZ=1 for a fixed time, starting from the committed corpus in RoutePatternFuzzTestInputs/ (every file
 * there is replayed first); a finding is written there and fails the build.
 */
class RoutePatternFuzzTest {

  @FuzzTest(maxDuration = "15s")
  @DictionaryEntries({"/", "+", "#", "{", "}", "...}", "{id}", "{rest...}", "$share/", "$SYS", "\u0000"})
  void parse(byte[] data) {
    RoutePatternOracle.check(FuzzInput.text(data));
  }
}
