package io.routemq.worker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Handler config values of the wrong type fail at start with a message naming handler, key, value and type. */
class HandlerSettingsTest {

  private final HandlerCatalog catalog = HandlerCatalog.load(Optional.empty());

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // Before: NumberFormatException 'For input string: "high"'.
      "republish | qos           | high  | republish config.qos must be a whole number from 0 to 2, not \"high\"",
      "republish | qos           | 3     | republish config.qos must be a whole number from 0 to 2, not \"3\"",
      // Before: silently false.
      "republish | retain        | yes   | republish config.retain must be true or false, not \"yes\"",
      "log       | payload       | 1     | log config.payload must be true or false, not \"1\"",
      // Before: accepted, then every message failed in HttpRequest.timeout.
      "http      | timeoutMillis | 0     | http config.timeoutMillis must be a whole number from 1 to 3600000, not \"0\"",
      "http      | timeoutMillis | 5s    | http config.timeoutMillis must be a whole number from 1 to 3600000, not \"5s\"",
      "noop      | workMillis    | -1    | noop config.workMillis must be a whole number from 0 to 3600000, not \"-1\"",
      "noop      | workMillis    | 1e3   | noop config.workMillis must be a whole number from 0 to 3600000, not \"1e3\""})
  void aValueOfTheWrongTypeIsRefusedNamingHandlerKeyValueAndType(String type, String key, String value,
      String message) {
    Map<String, String> config = new HashMap<>(Map.of("topic", "out/x", "url", "http://ingest:8080/m"));
    config.put(key, value);
    assertThatThrownBy(() -> catalog.create(type, config, HandlerCatalog.NO_SERVICES))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void anHttpUrlWithoutAHostIsRefusedAtStartNotOnEveryMessage() {
    assertThatThrownBy(() -> catalog.create("http", Map.of("url", "http:///messages"), HandlerCatalog.NO_SERVICES))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http config.url needs a host");
    assertThatThrownBy(() -> catalog.create("http", Map.of("url", "http://bad host/"), HandlerCatalog.NO_SERVICES))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("http config.url is not a URL");
  }

  @Test
  void aLongWrongValueIsCutInTheMessage() {
    String value = "x".repeat(70_000);
    assertThatThrownBy(() -> catalog.create("log", Map.of("payload", value), HandlerCatalog.NO_SERVICES))
        .hasMessageEndingWith("...(70000 characters)\"");
  }

  @Test
  void valuesOfTheRightTypeAreRead() {
    HandlerSettings s = new HandlerSettings("h", Map.of("n", " 42 ", "f", "TRUE"));
    assertThat(s.number("n", 0, 0, 100)).isEqualTo(42);
    assertThat(s.number("absent", 7, 0, 100)).isEqualTo(7);
    assertThat(s.flag("f", false)).isTrue();
    assertThat(s.flag("absent", true)).isTrue();
  }
}
