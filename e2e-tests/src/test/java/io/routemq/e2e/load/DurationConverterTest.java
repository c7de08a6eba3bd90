package io.routemq.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {

  @Test
  void readsHumanAndIsoDurations() {
    assertThat(LoadTesterCli.DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(LoadTesterCli.DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(LoadTesterCli.DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(LoadTesterCli.DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsUnknownUnitsWithAHint() {
    assertThatThrownBy(() -> LoadTesterCli.DurationConverter.parse("3d"))
        .hasMessageContaining("use e.g. 500ms, 30s, 2m");
  }
}
