package io.routemq.operator.autoscaling;

import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.BacklogSource;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.ScalingBehaviorSpec;
import io.routemq.crds.v1alpha1.ScalingTargets;
import java.time.Duration;

/**
 * A group's autoscaling policy with every default applied. Built from the CR by {@link #from(GroupSpec, double)}.
 *
 * @param minReplicas fewest workers
 * @param maxReplicas most workers
 * @param paused decisions are computed but never applied
 * @param recommendOnly decisions are written to status but not applied
 * @param backlogSource where backlog and arrival rate come from
 * @param interval time between decisions
 * @param tolerance no change while needed/current is within 1 ± tolerance
 * @param capacityUtilization share of measured per-worker capacity to plan for (0..1]
 * @param backlogDrain time within which the backlog must be worked off
 * @param cpuUtilization target CPU utilization in percent of request, or 0 when unset
 * @param cpuRequestCores CPU request of one worker; 0 disables the CPU target
 * @param messagesPerSecondPerWorker target rate per worker, or 0 when unset
 * @param queueDepthPerWorker target depth per worker, or 0 when unset
 * @param scaleUp limits on adding workers
 * @param scaleDown limits on removing workers
 * @param concurrency handler threads per worker (the group's concurrency). A worker takes a few messages more
 *     than that from the broker (its prefetch, {@code WorkerContract.receiveMaximum}); one holding more than its
 *     threads, all busy, has messages waiting for a thread and more waiting in the broker. 0 when unknown.
 */
public record ScalingPolicy(
    int minReplicas,
    int maxReplicas,
    boolean paused,
    boolean recommendOnly,
    BacklogReading.Source backlogSource,
    Duration interval,
    double tolerance,
    double capacityUtilization,
    Duration backlogDrain,
    int cpuUtilization,
    double cpuRequestCores,
    double messagesPerSecondPerWorker,
    int queueDepthPerWorker,
    Behavior scaleUp,
    Behavior scaleDown,
    int concurrency) {

  public static final int DEFAULT_INTERVAL_SECONDS = 5;
  public static final int DEFAULT_TOLERANCE_PERCENT = 10;
  public static final int DEFAULT_CAPACITY_UTILIZATION = 70;
  public static final int DEFAULT_BACKLOG_DRAIN_SECONDS = 60;
  public static final Behavior DEFAULT_SCALE_UP = new Behavior(Duration.ZERO, 0, 0);
  public static final Behavior DEFAULT_SCALE_DOWN = new Behavior(Duration.ofSeconds(300), 50, 0);

  /**
   * Limits for one direction (HPA v2 {@code behavior}).
   *
   * @param stabilization window of recommendations considered (up: lowest wins, down: highest wins)
   * @param maxStepPercent largest change per decision in percent of current workers; 0 = unlimited
   * @param maxStepWorkers largest change per decision in workers; 0 = unlimited. With both set the larger applies.
   */
  public record Behavior(Duration stabilization, int maxStepPercent, int maxStepWorkers) {

    /** Largest change allowed from {@code current} in one decision, or Integer.MAX_VALUE. */
    public int maxChange(int current) {
      if (maxStepPercent <= 0 && maxStepWorkers <= 0) {
        return Integer.MAX_VALUE;
      }
      // At least one worker, or a group of 1 could never move under a percentage limit.
      int byPercent = maxStepPercent > 0 ? Math.max(1, (int) Math.ceil(current * maxStepPercent / 100.0)) : 0;
      return Math.max(byPercent, maxStepWorkers);
    }

    static Behavior from(ScalingBehaviorSpec spec, Behavior defaults) {
      if (spec == null) {
        return defaults;
      }
      Duration window = spec.getStabilizationSeconds() != null
          ? Duration.ofSeconds(spec.getStabilizationSeconds()) : defaults.stabilization();
      // Setting either step limit replaces the default limits as a whole: a user who writes only
      // maxStepWorkers means "this many workers", not "this many, or the default percentage if larger".
      boolean anyStep = spec.getMaxStepPercent() != null || spec.getMaxStepWorkers() != null;
      int percent = anyStep ? orZero(spec.getMaxStepPercent()) : defaults.maxStepPercent();
      int workers = anyStep ? orZero(spec.getMaxStepWorkers()) : defaults.maxStepWorkers();
      return new Behavior(window, percent, workers);
    }
  }

  /**
   * Maps a group of the CR to its policy. Defaults: scale-up without stabilization or step limit, scale-down with
   * 300 s stabilization and at most 50 % per step, tolerance 10 %, capacity utilization 70 %, backlog drain 60 s,
   * interval 5 s, backlog source WorkerLocal. A fixed {@code replicas.count} gives min = max = count.
   *
   * @param cpuRequestCores CPU request of one worker in cores (the caller resolves the group's or the cluster's
   *     resources); 0 when unknown, which disables the CPU target
   */
  public static ScalingPolicy from(GroupSpec group, double cpuRequestCores) {
    ReplicasSpec replicas = group.getReplicas();
    int min;
    int max;
    if (replicas == null) {
      min = 1;
      max = 1;
    } else if (replicas.getCount() != null) {
      min = replicas.getCount();
      max = replicas.getCount();
    } else {
      min = orZero(replicas.getMin());
      max = replicas.getMax() != null ? replicas.getMax() : Math.max(min, 1);
    }
    AutoscalingSpec as = group.getAutoscaling() != null ? group.getAutoscaling() : new AutoscalingSpec();
    ScalingTargets t = as.getTargets() != null ? as.getTargets() : new ScalingTargets();
    boolean off = as.getMode() == AutoscalingMode.Off;
    return new ScalingPolicy(
        min,
        Math.max(min, max),
        Boolean.TRUE.equals(as.getPaused()) || off,
        Boolean.TRUE.equals(as.getRecommendOnly()),
        source(as.getBacklogSource()),
        Duration.ofSeconds(orDefault(as.getMetricsIntervalSeconds(), DEFAULT_INTERVAL_SECONDS)),
        orDefault(as.getTolerancePercent(), DEFAULT_TOLERANCE_PERCENT) / 100.0,
        orDefault(t.getCapacityUtilization(), DEFAULT_CAPACITY_UTILIZATION) / 100.0,
        Duration.ofSeconds(orDefault(t.getBacklogDrainSeconds(), DEFAULT_BACKLOG_DRAIN_SECONDS)),
        orZero(t.getCpuUtilization()),
        Math.max(0, cpuRequestCores),
        t.getMessagesPerSecondPerWorker() != null ? t.getMessagesPerSecondPerWorker() : 0,
        orZero(t.getQueueDepthPerWorker()),
        Behavior.from(as.getScaleUp(), DEFAULT_SCALE_UP),
        Behavior.from(as.getScaleDown(), DEFAULT_SCALE_DOWN),
        group.effectiveConcurrency());
  }

  /** A policy with all defaults and the given bounds; a starting point for tests and the planner. */
  public static ScalingPolicy defaults(int min, int max) {
    GroupSpec g = new GroupSpec("g");
    g.setReplicas(ReplicasSpec.range(min, max));
    return from(g, 0);
  }

  /** Samples older than this are stale: two intervals, so one lost scrape is tolerated. */
  public Duration staleAfter() {
    return interval.multipliedBy(2);
  }

  public ScalingPolicy withScaleUp(Behavior b) {
    return new ScalingPolicy(minReplicas, maxReplicas, paused, recommendOnly, backlogSource, interval, tolerance,
        capacityUtilization, backlogDrain, cpuUtilization, cpuRequestCores, messagesPerSecondPerWorker,
        queueDepthPerWorker, b, scaleDown, concurrency);
  }

  public ScalingPolicy withScaleDown(Behavior b) {
    return new ScalingPolicy(minReplicas, maxReplicas, paused, recommendOnly, backlogSource, interval, tolerance,
        capacityUtilization, backlogDrain, cpuUtilization, cpuRequestCores, messagesPerSecondPerWorker,
        queueDepthPerWorker, scaleUp, b, concurrency);
  }

  public ScalingPolicy withModes(boolean paused, boolean recommendOnly) {
    return new ScalingPolicy(minReplicas, maxReplicas, paused, recommendOnly, backlogSource, interval, tolerance,
        capacityUtilization, backlogDrain, cpuUtilization, cpuRequestCores, messagesPerSecondPerWorker,
        queueDepthPerWorker, scaleUp, scaleDown, concurrency);
  }

  public ScalingPolicy withBacklogSource(BacklogReading.Source source) {
    return new ScalingPolicy(minReplicas, maxReplicas, paused, recommendOnly, source, interval, tolerance,
        capacityUtilization, backlogDrain, cpuUtilization, cpuRequestCores, messagesPerSecondPerWorker,
        queueDepthPerWorker, scaleUp, scaleDown, concurrency);
  }

  public ScalingPolicy withTargets(int cpuUtilization, double cpuRequestCores, double messagesPerSecondPerWorker,
      int queueDepthPerWorker) {
    return new ScalingPolicy(minReplicas, maxReplicas, paused, recommendOnly, backlogSource, interval, tolerance,
        capacityUtilization, backlogDrain, cpuUtilization, cpuRequestCores, messagesPerSecondPerWorker,
        queueDepthPerWorker, scaleUp, scaleDown, concurrency);
  }

  private static BacklogReading.Source source(BacklogSource s) {
    if (s == null) {
      return BacklogReading.Source.WORKER_LOCAL;
    }
    return switch (s) {
      case WorkerLocal -> BacklogReading.Source.WORKER_LOCAL;
      case ArrivalSampler -> BacklogReading.Source.ARRIVAL_SAMPLER;
      case BrokerStats -> BacklogReading.Source.BROKER_STATS;
    };
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }
}
