package io.routemq.operator.autoscaling.sim;

import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.GroupAutoscaler;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.InMemoryAutoscalerStateStore;
import io.routemq.operator.autoscaling.InMemoryScalingRealizer;
import io.routemq.operator.autoscaling.MutableClock;
import io.routemq.operator.autoscaling.ScalingDecision;
import io.routemq.operator.autoscaling.WorkerSample;
import io.routemq.operator.metrics.PodEndpoint;
import io.routemq.operator.metrics.PrometheusTextParser;
import io.routemq.operator.metrics.ScrapeResult;
import io.routemq.operator.metrics.WorkerCounters;
import io.routemq.operator.metrics.WorkerRateEvaluator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Drives a {@link SimulatedFleet} and the engine on simulated time, 1 s ticks, a decision every interval. */
public final class ScenarioRunner {
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final PrometheusTextParser PARSER = new PrometheusTextParser();
  private static final GroupKey KEY = new GroupKey("sim", "fleet", "ingest");

  public static ScenarioResult run(Scenario s) {
    MutableClock clock = new MutableClock(EPOCH);
    GroupAutoscaler engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
    InMemoryScalingRealizer realizer = new InMemoryScalingRealizer();
    SimulatedFleet fleet = new SimulatedFleet(s.serviceRate(), s.receiveMaximum(), s.startDelaySeconds(),
        s.initialReplicas());
    Random random = new Random(s.seed());
    long interval = s.policy().interval().toSeconds();
    int replicas = s.initialReplicas();
    Instant lastScaleTime = EPOCH;
    double noiseFactor = 1;
    List<ScenarioResult.Step> steps = new ArrayList<>();
    List<double[]> backlog = new ArrayList<>();
    WorkerRateEvaluator rates = new WorkerRateEvaluator();

    for (long t = 0; t < s.durationSeconds(); t++) {
      if (t % interval == 0) {
        noiseFactor = 1 + s.noise() * (2 * random.nextDouble() - 1);
      }
      double rate = s.load().applyAsDouble(t) * noiseFactor;
      fleet.tick(t, 1, rate);
      long now = t + 1;
      clock.advanceSeconds(1);
      backlog.add(new double[] {now, fleet.backlog(), fleet.brokerQueue(), s.load().applyAsDouble(now)});
      if (now % interval != 0) {
        continue;
      }
      if (now == s.restartAt()) {
        engine = new GroupAutoscaler(clock, new InMemoryAutoscalerStateStore());
        if (s.restoreOnRestart()) {
          engine.restore(KEY, lastScaleTime, replicas);
        }
      }
      boolean reachable = !(now >= s.outageFrom() && now < s.outageTo());
      List<WorkerSample> samples = s.throughPrometheusText()
          ? rates.update(scrapes(fleet.metricsPages(now, reachable), clock.instant()))
          : fleet.scrape(now, EPOCH, reachable);
      BacklogReading reading = s.source() == BacklogReading.Source.ARRIVAL_SAMPLER
          ? fleet.arrivalSamplerReading(now, EPOCH) : BacklogReading.workerLocal();
      ScalingDecision d = engine.evaluate(KEY, s.policy(), replicas, samples, reading);
      realizer.accept(d);
      steps.add(new ScenarioResult.Step(now, d));
      if (d.apply()) {
        replicas = d.desiredReplicas();
        fleet.scaleTo(replicas, now);
        lastScaleTime = clock.instant();
      }
    }
    return new ScenarioResult(s, steps, backlog, realizer.history());
  }

  private static List<ScrapeResult> scrapes(Map<String, String> pages, Instant at) {
    List<ScrapeResult> out = new ArrayList<>();
    pages.forEach((pod, text) -> {
      PodEndpoint endpoint = PodEndpoint.of(pod, "http://" + pod + ".sim:8080");
      out.add(text == null ? new ScrapeResult(endpoint, at, null, "unreachable")
          : new ScrapeResult(endpoint, at, WorkerCounters.from(PARSER.parse(text)), null));
    });
    return out;
  }

  private ScenarioRunner() {}
}
