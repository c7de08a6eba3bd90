package io.routemq.e2e.load;

import java.util.Random;

/** Target publish rate over time, in messages per second. */
public sealed interface LoadProfile {

  double rateAt(double seconds);

  /** The same rate throughout. */
  record Constant(double rate) implements LoadProfile {
    @Override
    public double rateAt(double seconds) {
      return rate;
    }
  }

  /** {@code base} until {@code atSeconds}, then {@code peak}. */
  record Step(double base, double peak, double atSeconds) implements LoadProfile {
    @Override
    public double rateAt(double seconds) {
      return seconds < atSeconds ? base : peak;
    }
  }

  /** {@code base}, with {@code peak} from {@code atSeconds} for {@code lengthSeconds}. */
  record Spike(double base, double peak, double atSeconds, double lengthSeconds) implements LoadProfile {
    @Override
    public double rateAt(double seconds) {
      return seconds >= atSeconds && seconds < atSeconds + lengthSeconds ? peak : base;
    }
  }

  /**
   * {@code base ± amplitude} over {@code periodSeconds}, with uniform noise of ±{@code noise}
   * (a fraction) redrawn each second — the same second always gets the same noise.
   */
  record Sine(double base, double amplitude, double periodSeconds, double noise, long seed)
      implements LoadProfile {
    @Override
    public double rateAt(double seconds) {
      double wave = base + amplitude * Math.sin(2 * Math.PI * seconds / periodSeconds);
      double jitter = new Random(seed * 31 + (long) seconds).nextDouble() * 2 - 1;
      return Math.max(0, wave * (1 + noise * jitter));
    }
  }
}
