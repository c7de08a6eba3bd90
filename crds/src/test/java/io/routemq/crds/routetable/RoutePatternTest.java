package io.routemq.crds.routetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RoutePatternTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sensors/{deviceId}/data | sensors/+/data",
      "logs/{rest...}          | logs/#",
      "a/+/b/#                 | a/+/b/#",
      "plain                   | plain",
      "$SYS/broker/#           | $SYS/broker/#",
      "a.b/c$d/(x)*            | a.b/c$d/(x)*",
      "/a//b/                  | /a//b/"})
  void subscriptionFilterReplacesParametersWithWildcards(String pattern, String filter) {
    assertThat(RoutePattern.parse(pattern).subscriptionFilter()).isEqualTo(filter);
  }

  @Test
  void paramNamesInOrder() {
    assertThat(RoutePattern.parse("t/{tenant}/+/{id}/{rest...}").paramNames()).containsExactly("tenant", "id", "rest");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"                      | must not be empty",
      "$share/g/a              | do not write $share/",
      "a/#/b                   | '#' is allowed only as the whole last level",
      "a/b#                    | '#' is allowed only as the whole last level",
      "a/b+/c                  | '+' must be a whole topic level",
      "a/{}/c                  | needs a name",
      "a/{...}                 | needs a name",
      "a/x{id}                 | a whole level",
      "a/{1d}                  | must be a letter or '_'",
      "a/{rest...}/b           | must be the last level",
      "a/{id}/{id}             | {id} appears twice",
      "a/{id}/{id...}          | {id} appears twice"})
  void invalidPatternsAreRejectedWithAHint(String pattern, String message) {
    assertThatThrownBy(() -> RoutePattern.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + pattern + "'")
        .hasMessageContaining(message);
  }

  @Test
  void aTopicWithUPlus0000IsRejectedAndTheMessageShowsWhere() {
    assertThatThrownBy(() -> RoutePattern.parse("sensors/\0/data"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sensors/\\u0000/data'")
        .hasMessageContaining("cannot hold the character U+0000");
  }

  // Found by RoutePatternFuzzTest (input RoutePatternFuzzTestInputs/parse/lone-surrogate): a pattern holding
  // half of a UTF-16 surrogate pair was accepted, though it has no UTF-8 form and no broker takes it.
  @Test
  void aLoneSurrogateIsRejectedAndShownAsAnEscape() {
    assertThatThrownBy(() -> RoutePattern.parse("a/\uDB7A;"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a/\\uDB7A;'")
        .hasMessageContaining("lone UTF-16 surrogate U+DB7A");
  }

  @Test
  void aSurrogatePairIsAnOrdinaryCharacter() {
    assertThat(RoutePattern.parse("a/\uD83D\uDE00/b").subscriptionFilter()).isEqualTo("a/\uD83D\uDE00/b");
  }

  @Test
  void aPatternOf65535Utf8BytesIsAccepted() {
    String pattern = "a/" + "\u00e9".repeat(32766) + "x";
    assertThat(RoutePattern.parse(pattern).levels()).hasSize(2);
  }

  @Test
  void aPatternOverMqttsLimitOf65535BytesIsRejectedWithAShortMessage() {
    String pattern = "a/" + "\u00e9".repeat(32767);
    assertThatThrownBy(() -> RoutePattern.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 65535 bytes of UTF-8 (MQTT), this one has 65536")
        .hasMessageContaining("(32769 characters in all)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void aLongInvalidLevelIsCutInTheMessage() {
    String level = "x{" + "y".repeat(10_000) + "}";
    assertThatThrownBy(() -> RoutePattern.parse("a/" + level))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not part of one")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
  }

  @Test
  void deepPatternsParseLevelByLevel() {
    String pattern = String.join("/", java.util.Collections.nCopies(1000, "+")) + "/#";
    assertThat(RoutePattern.parse(pattern).levels()).hasSize(1001);
  }
}
