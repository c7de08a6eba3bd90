package io.routemq.operator.autoscaling.sim;

import java.util.Locale;

/**
 * Ours reactive only against ours with predictive pre-scaling, on one trace and the same worker model, figures taken
 * from {@code measureFrom} on (the predictive policy learns from the trace itself: one day of warm-up).
 */
record PredictiveComparison(Trace trace, long measureFrom, ComparisonResult reactive, ComparisonResult predictive) {
  /** One day: the daily profile predicts from the second day on. */
  static final long WARM_UP_SECONDS = 86_400;

  static PredictiveComparison run(Trace trace, long measureFrom) {
    return new PredictiveComparison(trace, measureFrom,
        ComparisonRunner.run(trace, ComparisonRunner.reactive(trace), measureFrom),
        ComparisonRunner.run(trace, ComparisonRunner.predictive(trace), measureFrom));
  }

  /** Extra worker-seconds of the predictive policy, in percent of the reactive policy's (negative: fewer). */
  double costIncreasePercent() {
    return 100 * (predictive.workerSeconds() / reactive.workerSeconds() - 1);
  }

  String benchLine() {
    return String.format(Locale.ROOT,
        "BENCH predictive trace=%s max_backlog_reactive=%d max_backlog_predictive=%d max_queued_reactive=%d"
            + " max_queued_predictive=%d p99_wait_reactive_s=%.0f"
            + " p99_wait_predictive_s=%.0f cost_increase_pct=%.2f catch_up_reactive_s=%.0f"
            + " catch_up_predictive_s=%.0f measured_from_s=%d",
        trace.name(), reactive.maxBacklog(), predictive.maxBacklog(), reactive.maxQueued(), predictive.maxQueued(),
        reactive.p99WaitSeconds(),
        predictive.p99WaitSeconds(), costIncreasePercent(), reactive.catchUpSeconds(), predictive.catchUpSeconds(),
        measureFrom);
  }
}
