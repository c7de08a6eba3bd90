package io.routemq.worker.routing;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;

/**
 * The longer fuzz run of the router (profile bench, JAZZER_FUZZ=1): one minute against the same oracle as
 * {@link RouterFuzzTest}, then {@code BENCH fuzz target=router execs=… crashes=…}.
 */
class RouterFuzzBench {

  private static long execs;
  private static long crashes;

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({"/", "+", "#", "{a}", "{b}", "{rest...}", "$SYS", "$x", "//"})
  void match(byte[] data) {
    execs++;
    try {
      RouterOracle.check(new String(data, StandardCharsets.UTF_8));
    } catch (RuntimeException | AssertionError e) {
      crashes++;
      throw e;
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("BENCH fuzz target=router execs=%d crashes=%d%n", execs, crashes);
  }
}
