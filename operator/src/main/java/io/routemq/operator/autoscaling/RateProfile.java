package io.routemq.operator.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A group's learned arrival-rate profile: the mean rate of each five-minute slot of the day (288 slots) and of the
 * week (2016 slots, Monday 00:00 UTC first), each an exponentially weighted mean over the visits of that slot. Fixed
 * size whatever the uptime (2304 rates and visit counts, about 20 KB as JSON), so it can be persisted and restored.
 *
 * <p>A slot is learned from one visit that covered at least half of it (a restart or an outage inside a slot must not
 * teach a mean of a few samples). The weekly slot is used once learned (after a week: weekday and weekend differ),
 * the daily slot before that (after a day). Mutable for its size: rewriting 2304 values every decision to keep a
 * record immutable would cost more than the decision; one group's decisions are serial (JOSDK reconciles a resource
 * on one thread at a time), the methods are synchronized for the persistence reader anyway.
 */
public final class RateProfile {
  /** Five minutes: shorter than the default 300 s scale-down window, so a rise at a slot start is held by it. */
  public static final int SLOT_SECONDS = 300;
  static final int DAY_SLOTS = 86_400 / SLOT_SECONDS;
  static final int WEEK_SLOTS = 7 * DAY_SLOTS;
  /** A day is seen every day: 0.3 forgets an odd day within about three. */
  static final double DAY_WEIGHT = 0.3;
  /** A weekly slot is seen once a week: 0.5 follows a change within two weeks. */
  static final double WEEK_WEIGHT = 0.5;
  /** 1970-01-01 was a Thursday: three days on, the week starts on Monday 00:00 UTC. */
  private static final long WEEK_OFFSET_SECONDS = 3 * 86_400L;
  /** Visit counts stop here; only "learned or not" and a rough age matter. */
  static final int MAX_VISITS = 1000;

  private final double[] dayMean = new double[DAY_SLOTS];
  private final int[] dayVisits = new int[DAY_SLOTS];
  private final double[] weekMean = new double[WEEK_SLOTS];
  private final int[] weekVisits = new int[WEEK_SLOTS];
  private long openSlot = Long.MIN_VALUE;
  private double openSum;
  private int openSamples;
  private int openNeeded;
  private long folds;

  /** Which layer a prediction came from. */
  public enum Layer { DAILY, WEEKLY }

  /**
   * What the profile expects over a window ahead.
   *
   * @param now the mean learned for the current slot
   * @param ahead the highest mean learned for a slot starting within the window
   * @param layer daily or weekly slots
   * @param visits visits behind the least-seen slot used
   */
  public record Expectation(double now, double ahead, Layer layer, int visits) {
    /** How much higher the rate is expected to be (negative for a fall). */
    public double rise() {
      return ahead - now;
    }
  }

  /**
   * The persisted form: the learned means (msg/s, a tenth is precise enough) and visit counts, day then week.
   *
   * @param version format version
   * @param slotSeconds slot length the arrays were learned with
   */
  public record Snapshot(int version, int slotSeconds, double[] dayMean, int[] dayVisits, double[] weekMean,
      int[] weekVisits) {
    public static final int VERSION = 1;
  }

  /**
   * Adds one measured arrival rate at {@code time}; {@code interval} is the time between measurements (it sets how
   * many samples make half a slot).
   */
  public synchronized void observe(Instant time, double rate, Duration interval) {
    if (!Double.isFinite(rate) || rate < 0) {
      return;
    }
    long slot = Math.floorDiv(time.getEpochSecond(), SLOT_SECONDS);
    if (slot != openSlot) {
      fold();
      openSlot = slot;
      openSum = 0;
      openSamples = 0;
      openNeeded = (int) Math.max(1, SLOT_SECONDS / Math.max(1, interval.toSeconds()) / 2);
    }
    openSum += rate;
    openSamples++;
  }

  /**
   * What the profile expects between now and {@code window} ahead: the current slot's mean against the highest mean
   * of the slots that start within the window. Empty until every slot involved is learned (the warm-up), or when
   * no slot starts within the window.
   */
  public synchronized Optional<Expectation> expect(Instant now, Duration window) {
    long first = Math.floorDiv(now.getEpochSecond(), SLOT_SECONDS);
    long last = Math.floorDiv(now.getEpochSecond() + window.toSeconds(), SLOT_SECONDS);
    if (last == first) {
      return Optional.empty();
    }
    Optional<Expectation> weekly = expect(first, last, weekMean, weekVisits, WEEK_SLOTS, WEEK_OFFSET_SECONDS,
        Layer.WEEKLY);
    return weekly.isPresent() ? weekly
        : expect(first, last, dayMean, dayVisits, DAY_SLOTS, 0, Layer.DAILY);
  }

  private static Optional<Expectation> expect(long first, long last, double[] mean, int[] visits, int size,
      long offset, Layer layer) {
    int cur = index(first, size, offset);
    if (visits[cur] == 0) {
      return Optional.empty();
    }
    double ahead = Double.NEGATIVE_INFINITY;
    int fewest = visits[cur];
    for (long s = first + 1; s <= last && s - first <= size; s++) {
      int i = index(s, size, offset);
      if (visits[i] == 0) {
        return Optional.empty();
      }
      ahead = Math.max(ahead, mean[i]);
      fewest = Math.min(fewest, visits[i]);
    }
    return Optional.of(new Expectation(mean[cur], ahead, layer, fewest));
  }

  /** Slots folded since this profile was created or restored; the persistence writes only when it moved. */
  public synchronized long folds() {
    return folds;
  }

  /** Slots learned in the daily and weekly layers together. */
  public synchronized int learnedSlots() {
    int n = 0;
    for (int v : dayVisits) {
      n += v > 0 ? 1 : 0;
    }
    for (int v : weekVisits) {
      n += v > 0 ? 1 : 0;
    }
    return n;
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(Snapshot.VERSION, SLOT_SECONDS, rounded(dayMean), dayVisits.clone(), rounded(weekMean),
        weekVisits.clone());
  }

  /** A profile from its persisted form; an unknown version or slot length gives an empty profile (learn again). */
  public static RateProfile restore(Snapshot s) {
    RateProfile p = new RateProfile();
    if (s == null || s.version() != Snapshot.VERSION || s.slotSeconds() != SLOT_SECONDS
        || !fits(s.dayMean(), s.dayVisits(), DAY_SLOTS) || !fits(s.weekMean(), s.weekVisits(), WEEK_SLOTS)) {
      return p;
    }
    copy(s.dayMean(), s.dayVisits(), p.dayMean, p.dayVisits);
    copy(s.weekMean(), s.weekVisits(), p.weekMean, p.weekVisits);
    return p;
  }

  private void fold() {
    if (openSlot == Long.MIN_VALUE || openSamples < openNeeded) {
      return;
    }
    double visit = openSum / openSamples;
    update(dayMean, dayVisits, index(openSlot, DAY_SLOTS, 0), visit, DAY_WEIGHT);
    update(weekMean, weekVisits, index(openSlot, WEEK_SLOTS, WEEK_OFFSET_SECONDS), visit, WEEK_WEIGHT);
    folds++;
  }

  private static void update(double[] mean, int[] visits, int i, double visit, double weight) {
    mean[i] = visits[i] == 0 ? visit : weight * visit + (1 - weight) * mean[i];
    visits[i] = Math.min(MAX_VISITS, visits[i] + 1);
  }

  private static int index(long slot, int size, long offsetSeconds) {
    return (int) Math.floorMod(slot + offsetSeconds / SLOT_SECONDS, (long) size);
  }

  private static double[] rounded(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.round(values[i] * 10) / 10.0;
    }
    return out;
  }

  private static boolean fits(double[] mean, int[] visits, int size) {
    if (mean == null || visits == null || mean.length != size || visits.length != size) {
      return false;
    }
    return Arrays.stream(mean).allMatch(v -> Double.isFinite(v) && v >= 0)
        && Arrays.stream(visits).allMatch(v -> v >= 0);
  }

  private static void copy(double[] mean, int[] visits, double[] toMean, int[] toVisits) {
    System.arraycopy(mean, 0, toMean, 0, mean.length);
    for (int i = 0; i < visits.length; i++) {
      toVisits[i] = Math.min(MAX_VISITS, visits[i]);
    }
  }
}
