package io.routemq.crds.routetable;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

/**
 * The longer fuzz run of the topic-pattern parser (profile bench, JAZZER_FUZZ=1): one minute against the same
 * oracle as {@link RoutePatternFuzzTest}, then {@code BENCH fuzz target=route-pattern execs=… crashes=…}.
 */
class RoutePatternFuzzBench {

  private static long execs;
  private static long crashes;

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({"/", "+", "#", "{", "}", "...}", "{id}", "{rest...}", "$share/", "$SYS", "\u0000"})
  void parse(byte[] data) {
    execs++;
    try {
      RoutePatternOracle.check(FuzzInput.text(data));
    } catch (RuntimeException | AssertionError e) {
      crashes++;
      throw e;
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("BENCH fuzz target=route-pattern execs=%d crashes=%d%n", execs, crashes);
  }
}
