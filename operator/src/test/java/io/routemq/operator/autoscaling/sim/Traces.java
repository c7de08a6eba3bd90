package io.routemq.operator.autoscaling.sim;

import java.util.List;
import java.util.Random;

/**
 * The comparison's traces, on the scenarios' worker model: 100 msg/s per fully busy worker, receive maximum 64,
 * 10 s to start, CPU 0.8 core when fully busy plus 0.02 idle. 70 msg/s is one worker's worth at 70 %.
 */
public final class Traces {
  private Traces() {}

  /** Load ×10 at t = 600 s (140 → 1400 msg/s: 2 → 20 workers' worth), for 30 min. */
  public static Trace step() {
    return new Trace("step", t -> t < 600 ? Scenarios.BASE : Scenarios.BASE * 10, 0, 5, 1, 1800, 2, 2, 32);
  }

  /** Load ×20 for two minutes at t = 600 s, more than 32 workers can take. */
  public static Trace spike() {
    return new Trace("spike", t -> t >= 600 && t < 720 ? Scenarios.BASE * 20 : Scenarios.BASE, 0, 5, 1, 1800, 2, 2,
        32);
  }

  /** A one-hour sine between 500 and 1500 msg/s, ±20 % noise per 5 s, four hours. */
  public static Trace sine() {
    return new Trace("sine", t -> 1000 + 500 * Math.sin(2 * Math.PI * t / 3600), 0.20, 5, 1, 4 * 3600, 14, 2,
        40);
  }

  /**
   * Four hours of 300 msg/s with seeded bursts: gaps of 2–20 min, bursts of 30 s–5 min at 800–2400 msg/s, ±20 %
   * noise per 5 s.
   */
  public static Trace bursty() {
    long duration = 4 * 3600;
    double[] rate = new double[(int) duration + 1];
    Random r = new Random(7);
    long t = 0;
    while (t <= duration) {
      long gap = 120 + r.nextInt(18 * 60);
      long burst = 30 + r.nextInt(270);
      double level = 800 + 1600 * r.nextDouble();
      for (long i = t; i < t + gap && i <= duration; i++) {
        rate[(int) i] = 300;
      }
      for (long i = t + gap; i < t + gap + burst && i <= duration; i++) {
        rate[(int) i] = level;
      }
      t += gap + burst;
    }
    return new Trace("bursty", s -> rate[(int) Math.min(duration, Math.max(0, s))], 0.20, 5, 3, duration, 5, 2,
        40);
  }

  /**
   * Seven days of a daily profile: 200 msg/s at night, rising from 06:00 to a peak at 14:00 and falling back by
   * 22:00; each day's peak drawn from 1500–2300 msg/s; ±20 % noise per 5 s.
   */
  public static Trace dailyWeek() {
    Random r = new Random(11);
    double[] peaks = new double[8];
    for (int d = 0; d < peaks.length; d++) {
      peaks[d] = 1500 + 800 * r.nextDouble();
    }
    return new Trace("daily-week", t -> {
      int day = (int) (t / 86_400);
      double hour = (t % 86_400) / 3600.0;
      double shape = hour < 6 || hour > 22 ? 0 : Math.pow(Math.sin(Math.PI * (hour - 6) / 16), 2);
      return 200 + (peaks[day] - 200) * shape;
    }, 0.20, 5, 5, 7 * 86_400, 3, 2, 40);
  }

  /**
   * Seven days of a working day: 200 msg/s at night; at 08:00 the load climbs within one minute to the day's level
   * (drawn from 1500–2300 msg/s), bulges by 15 % towards 13:00, and at 18:00 falls back within one minute; ±20 %
   * noise per 5 s. The same profile as {@link #dailyWeek()} in what it repeats, but with the rise of a shift start
   * instead of eight hours of climb.
   */
  public static Trace workdayWeek() {
    Random r = new Random(13);
    double[] levels = new double[8];
    for (int d = 0; d < levels.length; d++) {
      levels[d] = 1500 + 800 * r.nextDouble();
    }
    return new Trace("workday-week", t -> {
      int day = (int) (t / 86_400);
      double s = t % 86_400;
      double up = Math.min(1, Math.max(0, (s - 8 * 3600) / 60));
      double down = Math.min(1, Math.max(0, (18 * 3600 + 60 - s) / 60));
      double open = Math.min(up, down);
      double bulge = 0.85 + 0.15 * Math.pow(Math.sin(Math.PI * (s - 8 * 3600) / (10 * 3600)), 2);
      return 200 + (levels[day] * bulge - 200) * open;
    }, 0.20, 5, 17, 7 * 86_400, 3, 2, 40);
  }

  public static List<Trace> all() {
    return List.of(step(), spike(), sine(), bursty(), dailyWeek(), workdayWeek());
  }
}
