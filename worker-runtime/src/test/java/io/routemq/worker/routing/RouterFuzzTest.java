package io.routemq.worker.routing;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the router against {@link RouterOracle}. Plain {@code verify} runs it with JAZZER_FUZZ=1 for a fixed time,
 * starting from the committed corpus in RouterFuzzTestInputs/ (every file there is replayed first); a finding is
 * written there and fails the build.
 */
class RouterFuzzTest {

  @FuzzTest(maxDuration = "15s")
  @DictionaryEntries({"/", "+", "#", "{a}", "{b}", "{rest...}", "$SYS", "$x", "//"})
  void match(byte[] data) {
    RouterOracle.check(new String(data, StandardCharsets.UTF_8));
  }
}
