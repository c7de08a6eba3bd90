package io.routemq.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  @Test
  void eventTimeAlwaysHasSixFractionalDigits() {
    // A whole number of milliseconds: Instant.toString() gives ".200Z", which the API server refuses as MicroTime
    // (seen in CI: "cannot parse \\".200Z\\" as \\".000000\\"", and the Event was lost).
    assertThat(EventRecorder.MICRO_TIME.format(Instant.parse("2026-12-02T00:56:12.200Z")))
        .isEqualTo("2026-12-02T00:56:12.200000Z");
    assertThat(EventRecorder.MICRO_TIME.format(Instant.parse("2026-12-02T00:56:12Z")))
        .isEqualTo("2026-12-02T00:56:12.000000Z");
    // Nanoseconds are cut, not rounded up into the next second.
    assertThat(EventRecorder.MICRO_TIME.format(Instant.parse("2026-12-02T00:56:12.999999999Z")))
        .isEqualTo("2026-12-02T00:56:12.999999Z");
  }
}
