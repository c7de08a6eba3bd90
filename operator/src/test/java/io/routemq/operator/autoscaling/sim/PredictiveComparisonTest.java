package io.routemq.operator.autoscaling.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's predictive target (max backlog at least halved at no more than 10 % extra cost) on the week-long
 * traces, after the one-day warm-up, for both policies alike ({@link PredictiveComparison}). On {@code daily-week}
 * the reactive rule never falls behind, so there is no backlog to halve: the test pins that instead (autoscaling.md
 * says why). On {@code workday-week}, the same daily repetition with a shift-start rise, the messages queued in the
 * broker are halved; the backlog counting what workers hold is not, since at the day's peak their windows hold
 * about a second of arrivals whatever the policy.
 */
class PredictiveComparisonTest {
  private static PredictiveComparison daily;
  private static PredictiveComparison workday;

  @BeforeAll
  static void runBoth() {
    daily = PredictiveComparison.run(Traces.dailyWeek(), PredictiveComparison.WARM_UP_SECONDS);
    workday = PredictiveComparison.run(Traces.workdayWeek(), PredictiveComparison.WARM_UP_SECONDS);
  }

  @Test
  void halvesWhatQueuesInTheBrokerAtAShiftStartRise() {
    assertThat(workday.predictive().maxQueued()).as(workday.benchLine())
        .isLessThanOrEqualTo(workday.reactive().maxQueued() / 2);
    assertThat(workday.predictive().maxBacklog()).as(workday.benchLine())
        .isLessThan(workday.reactive().maxBacklog());
    assertThat(workday.predictive().catchUpSeconds()).as(workday.benchLine())
        .isLessThan(workday.reactive().catchUpSeconds());
  }

  @Test
  void costsAtMostTenPercentMoreWorkerSeconds() {
    assertThat(workday.costIncreasePercent()).as(workday.benchLine()).isLessThanOrEqualTo(10);
    assertThat(daily.costIncreasePercent()).as(daily.benchLine()).isLessThanOrEqualTo(10);
  }

  @Test
  void neverWaitsLongerThanReactiveAlone() {
    for (PredictiveComparison c : new PredictiveComparison[] {daily, workday}) {
      assertThat(c.predictive().p99WaitSeconds()).as(c.benchLine())
          .isLessThanOrEqualTo(c.reactive().p99WaitSeconds());
      assertThat(c.predictive().maxBacklog()).as(c.benchLine()).isLessThanOrEqualTo(c.reactive().maxBacklog());
    }
  }

  @Test
  void onTheSlowDailyClimbReactiveNeverFallsBehindSoThereIsNoBacklogToHalve() {
    // Eight hours of climb (at most ~0.1 msg/s per second) against 30 % headroom and 10 s start-up: the broker
    // never holds a second of arrivals. What "max backlog" measures there is the messages sitting in the workers'
    // receive windows (80 each) within one second, the same for both policies.
    assertThat(daily.reactive().catchUpSeconds()).isZero();
    assertThat(daily.predictive().catchUpSeconds()).isZero();
    assertThat(daily.predictive().maxBacklog()).as(daily.benchLine()).isEqualTo(daily.reactive().maxBacklog());
  }
}
