package io.routemq.operator.autoscaling.sim;

import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.PredictivePolicy;
import io.routemq.operator.autoscaling.ScalingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Runs one {@link Trace} through one {@link FleetPolicy} on a fresh {@link SimulatedFleet} (1 s ticks) and measures
 * what the comparison prints. The figures are computed on the fly, so a week runs in about a second.
 */
public final class ComparisonRunner {
  private ComparisonRunner() {}

  /**
   * The policies compared on a trace, all on the trace's min/max: ours with default settings; the HPA on 70 % CPU
   * (the RouteMQ scaling guide's figure) with the request set to what a fully busy worker uses, so that 70 % CPU
   * means 70 % busy, the utilization ours plans for; KEDA on 100 queued messages per replica (one second of one
   * worker's capacity, the design's {@code queueDepthPerWorker} example); ours with {@code ArrivalSampler}; and ours
   * with predictive pre-scaling, its lead set to the workers' start-up time (it learns from the trace itself, so it
   * predicts only from the second day of a trace on).
   */
  public static List<FleetPolicy> policies(Trace trace) {
    ScalingPolicy ours = ScalingPolicy.defaults(trace.minReplicas(), trace.maxReplicas());
    double request = new SimulatedFleet(Scenarios.RATE, Scenarios.RECEIVE_MAXIMUM, Scenarios.START_DELAY, 0)
        .coresWhenFullyBusy();
    return List.of(
        new RouteMqPolicy("routemq", ours),
        new HpaCpuPolicy(70, request, trace.minReplicas(), trace.maxReplicas()),
        new KedaQueuePolicy(100, false, trace.minReplicas(), trace.maxReplicas()),
        new RouteMqPolicy("routemq-arrival-sampler", ours.withBacklogSource(BacklogReading.Source.ARRIVAL_SAMPLER)),
        predictive(trace));
  }

  /** Ours with default settings plus predictive pre-scaling, lead = the simulated workers' start-up time. */
  public static FleetPolicy predictive(Trace trace) {
    return new RouteMqPolicy("routemq-predictive", ScalingPolicy.defaults(trace.minReplicas(), trace.maxReplicas()),
        PredictivePolicy.enabled(Duration.ofSeconds((long) Scenarios.START_DELAY)));
  }

  /** Ours with default settings, reactive only: what {@link #predictive(Trace)} is compared with. */
  public static FleetPolicy reactive(Trace trace) {
    return new RouteMqPolicy("routemq", ScalingPolicy.defaults(trace.minReplicas(), trace.maxReplicas()));
  }

  public static ComparisonResult run(Trace trace, FleetPolicy policy) {
    return run(trace, policy, 0);
  }

  /**
   * As {@link #run(Trace, FleetPolicy)}, with every figure taken from second {@code measureFrom} on (the run itself
   * starts at 0): a learning policy's warm-up is then left out of the comparison, for all policies alike.
   */
  public static ComparisonResult run(Trace trace, FleetPolicy policy, long measureFrom) {
    SimulatedFleet fleet = new SimulatedFleet(Scenarios.RATE, Scenarios.RECEIVE_MAXIMUM, Scenarios.START_DELAY,
        trace.initialReplicas());
    Random random = new Random(trace.seed());
    int n = (int) trace.durationSeconds();
    double[] arrived = new double[n];
    double[] arrivedBefore = new double[n];
    double[] waits = new double[n + 1];
    int head = 0;
    int replicas = trace.initialReplicas();
    double noise = 1;
    double workerSeconds = 0;
    double maxBacklog = 0;
    double maxQueued = 0;
    long behindSince = -1;
    long longestBehind = 0;
    int lastDirection = 0;
    int reversals = 0;
    int changes = 0;
    long period = policy.periodSeconds();
    for (int t = 0; t < n; t++) {
      if (t % trace.noiseSeconds() == 0) {
        noise = 1 + trace.noise() * (2 * random.nextDouble() - 1);
      }
      double rate = trace.load().applyAsDouble(t) * noise;
      boolean measured = t >= measureFrom;
      if (measured) {
        workerSeconds += fleet.size();
      }
      fleet.tick(t, 1, rate);
      arrived[t] = rate;
      arrivedBefore[t] = fleet.arrivalsTotal();
      // FIFO: the messages that arrived in second i are done once everything up to them is processed; their wait
      // is the number of whole seconds between the two.
      double processed = fleet.processedTotal() + 1e-6;
      while (head <= t && arrivedBefore[head] <= processed) {
        if (head >= measureFrom) {
          waits[t - head] += arrived[head];
        }
        head++;
      }
      long now = t + 1;
      if (measured) {
        maxBacklog = Math.max(maxBacklog, fleet.backlog());
        maxQueued = Math.max(maxQueued, fleet.brokerQueue());
        boolean behind = fleet.brokerQueue() > rate;
        if (behind && behindSince < 0) {
          behindSince = t;
        } else if (!behind && behindSince >= 0) {
          longestBehind = Math.max(longestBehind, now - behindSince);
          behindSince = -1;
        }
      }
      if (now % period == 0) {
        int desired = policy.decide(now, replicas, fleet);
        if (desired != replicas) {
          int direction = Integer.signum(desired - replicas);
          if (measured) {
            if (lastDirection != 0 && direction != lastDirection) {
              reversals++;
            }
            changes++;
          }
          lastDirection = direction;
          replicas = desired;
          fleet.scaleTo(desired, now);
        }
      }
    }
    if (behindSince >= 0) {
      longestBehind = Math.max(longestBehind, n - behindSince);
    }
    for (int i = (int) Math.max(head, measureFrom); i < n; i++) {
      waits[n - i] += arrived[i]; // still waiting at the end: counted with the wait so far
    }
    return new ComparisonResult(trace.name(), policy.name(), longestBehind, Math.round(maxBacklog),
        Math.round(maxQueued), percentile(waits, 0.99), workerSeconds, reversals / ((n - measureFrom) / 3600.0),
        changes);
  }

  private static double percentile(double[] histogram, double q) {
    double total = 0;
    for (double v : histogram) {
      total += v;
    }
    double seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= q * total) {
        return i;
      }
    }
    return histogram.length - 1;
  }
}
