package io.routemq.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LoadProfileTest {

  @Test
  void stepSwitchesToPeakAtItsTime() {
    LoadProfile step = new LoadProfile.Step(100, 1000, 10);
    assertThat(step.rateAt(9.99)).isEqualTo(100);
    assertThat(step.rateAt(10)).isEqualTo(1000);
  }

  @Test
  void spikeReturnsToBaseAfterItsLength() {
    LoadProfile spike = new LoadProfile.Spike(100, 5000, 10, 5);
    assertThat(spike.rateAt(9)).isEqualTo(100);
    assertThat(spike.rateAt(12)).isEqualTo(5000);
    assertThat(spike.rateAt(15)).isEqualTo(100);
  }

  @Test
  void sineStaysWithinAmplitudeAndNoise() {
    LoadProfile sine = new LoadProfile.Sine(1000, 400, 60, 0.2, 7);
    for (double t = 0; t < 600; t += 0.5) {
      assertThat(sine.rateAt(t)).isBetween(600 * 0.8, 1400 * 1.2);
    }
    assertThat(new LoadProfile.Sine(1000, 400, 60, 0, 7).rateAt(15)).isCloseTo(1400, within(1e-9));
  }

  @Test
  void sineNoiseIsTheSameForTheSameSecond() {
    LoadProfile sine = new LoadProfile.Sine(1000, 400, 60, 0.2, 7);
    assertThat(sine.rateAt(33.1)).isNotEqualTo(sine.rateAt(34.1));
    assertThat(new LoadProfile.Sine(1000, 400, 60, 0.2, 7).rateAt(33.0))
        .isCloseTo(sine.rateAt(33.0), within(1e-9));
  }
}
