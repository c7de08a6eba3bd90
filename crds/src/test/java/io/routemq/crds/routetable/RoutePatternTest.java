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
}
