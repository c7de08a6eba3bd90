package io.routemq.operator.autoscaling.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.operator.autoscaling.BacklogReading;
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
        Scenarios.spike(),
        Scenarios.sine(1),
        Scenarios.outage(),
        Scenarios.restart());
    for (Scenario s : scenarios) {
      long start = System.nanoTime();
      ScenarioResult r = ScenarioRunner.run(s);
      long micros = (System.nanoTime() - start) / 1000;
      System.out.println(r.benchLine() + " sim_wall_us=" + micros
          + " us_per_decision=" + (r.steps().isEmpty() ? 0 : micros / r.steps().size()));
      assertThat(r.steps()).isNotEmpty();
    }
  }
}
