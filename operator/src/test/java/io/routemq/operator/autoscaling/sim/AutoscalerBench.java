package io.routemq.operator.autoscaling.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.GroupAutoscaler;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.InMemoryAutoscalerStateStore;
import io.routemq.operator.autoscaling.MutableClock;
import io.routemq.operator.autoscaling.ScalingPolicy;
import io.routemq.operator.autoscaling.WorkerSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opt-in benchmark (profile {@code bench}): runs every scenario on simulated time and prints one
 * {@code BENCH autoscaler scenario=<name> ...} line each. decision_s = load step → first scale-up decision;
 * steps_to_target = scale-ups until the needed count; reversals_per_hour = direction changes of applied changes;
 * scale_downs_on_stale = scale-downs while metrics were stale; condition_s = outage start → MetricsAvailable=False;
 * max_backlog = most messages waiting; catch_up_s = load change → broker queue back under 1 s of arrivals.
 */
class AutoscalerBench {

  @Test
  void scenarios() {
    List<Scenario> scenarios = List.of(
        Scenarios.step(),
        Scenarios.step().withSource("step-worker-local", BacklogReading.Source.WORKER_LOCAL),
        Scenarios.stepDefault(),
        Scenarios.sine(1).withSource("sine-worker-local", BacklogReading.Source.WORKER_LOCAL),
        Scenarios.spike(),
        Scenarios.sine(1),
        Scenarios.outage(),
        Scenarios.restart(),
        Scenarios.step().throughPrometheusText("step-prometheus"),
        Scenarios.sine(1).throughPrometheusText("sine-prometheus"));
    for (Scenario s : scenarios) {
      long start = System.nanoTime();
      ScenarioResult r = ScenarioRunner.run(s);
      long micros = (System.nanoTime() - start) / 1000;
      System.out.println(r.benchLine() + " sim_wall_us=" + micros
          + " us_per_decision=" + (r.steps().isEmpty() ? 0 : micros / r.steps().size()));
      assertThat(r.steps()).isNotEmpty();
    }
  }

  /**
   * Ours, HPA-CPU and KEDA-queue on the same traces and worker model ({@link ComparisonRunner}): one
   * {@code BENCH compare trace=<t> policy=<p> ...} line each.
   */
  @Test
  void compare() {
    for (Trace trace : Traces.all()) {
      for (FleetPolicy policy : ComparisonRunner.policies(trace)) {
        long start = System.nanoTime();
        ComparisonResult r = ComparisonRunner.run(trace, policy);
        System.out.println(r.benchLine() + " sim_wall_ms=" + (System.nanoTime() - start) / 1_000_000);
        assertThat(r.workerSeconds()).isPositive();
      }
    }
  }

  /**
   * Reactive only against predictive pre-scaling on the week-long traces, after the one-day warm-up
   * ({@link PredictiveComparison}): one {@code BENCH predictive trace=<t> ...} line each.
   */
  @Test
  void predictive() {
    for (Trace trace : new Trace[] {Traces.dailyWeek(), Traces.workdayWeek()}) {
      long start = System.nanoTime();
      PredictiveComparison c = PredictiveComparison.run(trace, PredictiveComparison.WARM_UP_SECONDS);
      System.out.println(c.benchLine() + " sim_wall_ms=" + (System.nanoTime() - start) / 1_000_000);
      assertThat(c.predictive().workerSeconds()).isPositive();
    }
  }

  @Test
  void engineThroughput() {
    // Many groups, one decision each per round: what one operator replica spends per interval.
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
    ScalingPolicy policy = ScalingPolicy.defaults(2, 100);
    int groups = 1000;
    int rounds = 60;
    List<WorkerSample> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      samples.add(new WorkerSample("w-" + i, clock.instant(), 70, 70, 0.7, 0.3, 10, 0));
    }
    long start = System.nanoTime();
    long decisions = 0;
    for (int r = 0; r < rounds; r++) {
      List<WorkerSample> now = samples.stream().map(s -> new WorkerSample(s.pod(), clock.instant(),
          s.receivedPerSecond(), s.processedPerSecond(), s.busyRatio(), s.cpuCores(), s.inFlight(), s.queued()))
          .toList();
      for (int g = 0; g < groups; g++) {
        engine.evaluate(new GroupKey("ns", "c", "g" + g), policy, 20, now,
            BacklogReading.of(BacklogReading.Source.ARRIVAL_SAMPLER, 1400 + g % 7 * 100, 200, clock.instant()));
        decisions++;
      }
      clock.advanceSeconds(5);
    }
    long nanos = System.nanoTime() - start;
    System.out.println("BENCH autoscaler scenario=engine-throughput groups=" + groups + " decisions=" + decisions
        + " ns_per_decision=" + nanos / decisions + " decisions_per_s=" + decisions * 1_000_000_000L / nanos);
    assertThat(decisions).isEqualTo((long) groups * rounds);
  }
}
