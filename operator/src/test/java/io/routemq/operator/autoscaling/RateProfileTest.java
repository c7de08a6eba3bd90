package io.routemq.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The learned rate profile: warm-up, daily then weekly slots, a fixed size, and its persisted form. */
class RateProfileTest {
  /** A Thursday, midnight UTC. */
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  /** 100 msg/s, and 1000 from 08:00 to 18:00. */
  private static final DoubleUnaryOperator WORKDAY = s -> s % 86_400 >= 8 * 3600 && s % 86_400 < 18 * 3600 ? 1000 : 100;

  private static void feed(RateProfile p, long fromSecond, long toSecond, DoubleUnaryOperator rate) {
    for (long s = fromSecond; s < toSecond; s += INTERVAL.toSeconds()) {
      p.observe(START.plusSeconds(s), rate.applyAsDouble(s), INTERVAL);
    }
  }

  @Test
  void predictsNothingBeforeTheSlotsInvolvedWereSeen() {
    RateProfile p = new RateProfile();
    feed(p, 0, 8 * 3600 - 60, WORKDAY);

    assertThat(p.expect(START.plusSeconds(8 * 3600 - 30), Duration.ofSeconds(60))).isEmpty();
  }

  @Test
  void expectsTheRiseOfTheNextSlotOnceADayWasSeen() {
    RateProfile p = new RateProfile();
    feed(p, 0, 86_400 + 3600, WORKDAY);

    RateProfile.Expectation e = p.expect(START.plusSeconds(86_400 + 8 * 3600 - 30), Duration.ofSeconds(60))
        .orElseThrow();
    assertThat(e.layer()).isEqualTo(RateProfile.Layer.DAILY);
    assertThat(e.now()).isEqualTo(100);
    assertThat(e.ahead()).isEqualTo(1000);
    assertThat(e.rise()).isEqualTo(900);
  }

  @Test
  void aWindowWithinTheCurrentSlotExpectsNothing() {
    RateProfile p = new RateProfile();
    feed(p, 0, 86_400 + 3600, WORKDAY);

    assertThat(p.expect(START.plusSeconds(86_400 + 8 * 3600 - 290), Duration.ofSeconds(60))).isEmpty();
  }

  @Test
  void aSlotSeenForLessThanHalfIsNotLearned() {
    RateProfile p = new RateProfile();
    // The operator starts at 07:58: two minutes of the 07:55 slot, then the day.
    feed(p, 8 * 3600 - 120, 86_400 + 8 * 3600 - 300, WORKDAY);

    assertThat(p.expect(START.plusSeconds(86_400 + 8 * 3600 - 30), Duration.ofSeconds(60))).isEmpty();
  }

  @Test
  void theWeeklySlotTakesOverOnceAWeekWasSeen() {
    RateProfile p = new RateProfile();
    // The first day (a Thursday) was quiet all day; every later day is a workday.
    feed(p, 0, 86_400, s -> 100);
    feed(p, 86_400, 7 * 86_400 + 3600, WORKDAY);

    RateProfile.Expectation e = p.expect(START.plusSeconds(7 * 86_400 + 8 * 3600 - 30), Duration.ofSeconds(60))
        .orElseThrow();
    assertThat(e.layer()).isEqualTo(RateProfile.Layer.WEEKLY);
    assertThat(e.ahead()).as("the Thursday of the week before was quiet").isEqualTo(100);
  }

  @Test
  void anOddDayMovesTheDailyMeanByItsWeightOnly() {
    RateProfile p = new RateProfile();
    feed(p, 0, 86_400, WORKDAY);
    feed(p, 86_400, 2 * 86_400, s -> WORKDAY.applyAsDouble(s) * 2);
    feed(p, 2 * 86_400, 2 * 86_400 + 3600, WORKDAY);

    double ahead = p.expect(START.plusSeconds(2 * 86_400 + 8 * 3600 - 30), Duration.ofSeconds(60)).orElseThrow()
        .ahead();
    assertThat(ahead).isEqualTo(RateProfile.DAY_WEIGHT * 2000 + (1 - RateProfile.DAY_WEIGHT) * 1000);
  }

  @Test
  void staysTheSameSizeHoweverLongItLearns() {
    RateProfile p = new RateProfile();
    feed(p, 0, 21 * 86_400, WORKDAY);

    RateProfile.Snapshot s = p.snapshot();
    assertThat(s.dayMean()).hasSize(288);
    assertThat(s.weekMean()).hasSize(2016);
    assertThat(p.learnedSlots()).isEqualTo(288 + 2016);
  }

  @Test
  void aRestoredSnapshotPredictsAsTheOriginal() {
    RateProfile p = new RateProfile();
    feed(p, 0, 86_400 + 3600, WORKDAY);
    Instant at = START.plusSeconds(86_400 + 8 * 3600 - 30);

    RateProfile restored = RateProfile.restore(p.snapshot());

    assertThat(restored.expect(at, Duration.ofSeconds(60))).isEqualTo(p.expect(at, Duration.ofSeconds(60)));
  }

  @Test
  void aSnapshotOfAnotherFormatIsIgnored() {
    RateProfile p = new RateProfile();
    feed(p, 0, 86_400 + 3600, WORKDAY);
    RateProfile.Snapshot s = p.snapshot();
    RateProfile.Snapshot otherSlots = new RateProfile.Snapshot(s.version(), 600, s.dayMean(), s.dayVisits(),
        s.weekMean(), s.weekVisits());

    assertThat(RateProfile.restore(otherSlots).learnedSlots()).isZero();
    assertThat(RateProfile.restore(null).learnedSlots()).isZero();
  }
}
