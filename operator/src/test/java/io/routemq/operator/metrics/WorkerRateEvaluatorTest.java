package io.routemq.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routemq.operator.autoscaling.WorkerSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerRateEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final PodEndpoint A = PodEndpoint.of("a", "http://127.0.0.1:1");
  private static final PodEndpoint B = PodEndpoint.of("b", "http://127.0.0.1:2");
  private final WorkerRateEvaluator evaluator = new WorkerRateEvaluator();

  private static ScrapeResult ok(PodEndpoint p, long second, double received, double processed, double busy,
      double cpu) {
    return new ScrapeResult(p, T0.plusSeconds(second),
        new WorkerCounters(received, processed, 0, 0, Map.of(), 5, 2, busy, 2, cpu), null);
  }

  private static ScrapeResult failed(PodEndpoint p, long second) {
    return new ScrapeResult(p, T0.plusSeconds(second), null, "timeout");
  }

  @Test
  void firstScrapeGivesNoSampleAndTheSecondGivesRates() {
    assertThat(evaluator.update(List.of(ok(A, 0, 100, 90, 1, 0.5)))).isEmpty();

    List<WorkerSample> s = evaluator.update(List.of(ok(A, 5, 600, 540, 6, 3.0)));

    assertThat(s).hasSize(1);
    WorkerSample w = s.get(0);
    assertThat(w.observedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(w.receivedPerSecond()).isEqualTo(100.0);
    assertThat(w.processedPerSecond()).isEqualTo(90.0);
    assertThat(w.busyRatio()).as("5 busy seconds over 5 s on 2 threads").isCloseTo(0.5, within(1e-9));
    assertThat(w.cpuCores()).isCloseTo(0.5, within(1e-9));
    assertThat(w.inFlight()).isEqualTo(5);
    assertThat(w.queued()).isEqualTo(2);
  }

  @Test
  void aCounterResetCountsTheNewValueAsTheDelta() {
    evaluator.update(List.of(ok(A, 0, 10_000, 9_000, 100, 50)));
    WorkerSample w = evaluator.update(List.of(ok(A, 5, 250, 200, 4, 1))).get(0);

    assertThat(w.processedPerSecond()).isEqualTo(40.0);
    assertThat(w.receivedPerSecond()).isEqualTo(50.0);
  }

  @Test
  void aFailedScrapeKeepsTheOldSampleWithItsOldTime() {
    evaluator.update(List.of(ok(A, 0, 0, 0, 0, 0)));
    evaluator.update(List.of(ok(A, 5, 500, 500, 5, 1)));

    List<WorkerSample> s = evaluator.update(List.of(failed(A, 10)));

    assertThat(s).hasSize(1);
    assertThat(s.get(0).observedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void podsThatAreGoneAreForgotten() {
    evaluator.update(List.of(ok(A, 0, 0, 0, 0, 0), ok(B, 0, 0, 0, 0, 0)));
    evaluator.update(List.of(ok(A, 5, 5, 5, 0, 0), ok(B, 5, 5, 5, 0, 0)));

    assertThat(evaluator.update(List.of(ok(A, 10, 10, 10, 0, 0)))).extracting(WorkerSample::pod)
        .containsExactly("a");
    // B comes back under the same name (a new pod): it needs two scrapes again.
    assertThat(evaluator.update(List.of(ok(A, 15, 15, 15, 0, 0), ok(B, 15, 0, 0, 0, 0))))
        .extracting(WorkerSample::pod).containsExactly("a");
  }

  @Test
  void completedTotalAddsDeltasAcrossPodsAndResets() {
    evaluator.update(List.of(ok(A, 0, 0, 100, 0, 0), ok(B, 0, 0, 50, 0, 0)));
    evaluator.update(List.of(ok(A, 5, 0, 300, 0, 0), ok(B, 5, 0, 80, 0, 0)));
    evaluator.update(List.of(ok(A, 10, 0, 20, 0, 0), ok(B, 10, 0, 90, 0, 0)));

    assertThat(evaluator.completedTotal()).isEqualTo(200 + 30 + 20 + 10);
  }

  @Test
  void aPodThatAppearsLaterCountsAllItCompleted() {
    evaluator.update(List.of(ok(A, 0, 0, 1_000, 0, 0)));
    evaluator.update(List.of(ok(A, 5, 0, 1_100, 0, 0), ok(B, 5, 0, 40, 0, 0)));

    assertThat(evaluator.completedTotal()).isEqualTo(100 + 40);
  }
}
