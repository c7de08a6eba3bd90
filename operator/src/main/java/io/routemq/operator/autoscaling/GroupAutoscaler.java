package io.routemq.operator.autoscaling;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one entry point the Kubernetes side calls every interval per group: evaluator → saturation rule → rate
 * smoother → sizer → executor, with state kept in an {@link AutoscalerStateStore} and time from an injected
 * {@link Clock}. Applying the decision is the caller's job (see {@link ScalingRealizer}).
 */
public final class GroupAutoscaler {
  private final Clock clock;
  private final AutoscalerStateStore store;
  private final MetricsEvaluator evaluator = new MetricsEvaluator();
  private final RateSmoother smoother = new RateSmoother();
  private final SaturationRule saturation = new SaturationRule();
  private final CapacitySizer sizer = new CapacitySizer();
  private final ScalingExecutor executor = new ScalingExecutor();
  private final PredictiveRule predictive = new PredictiveRule();
  /** Learned rate profiles of the groups with predictive scaling on; persisted by the caller (see profile()). */
  private final Map<GroupKey, RateProfile> profiles = new ConcurrentHashMap<>();

  public GroupAutoscaler(Clock clock, AutoscalerStateStore store) {
    this.clock = clock;
    this.store = store;
  }

  /**
   * Decides the group's worker count now.
   *
   * @param currentReplicas the Deployment's spec.replicas
   * @param readyWorkers the workers ready now (what was scraped); a scale-down waits until each reports, while
   *     workers not ready, which receive nothing, do not hold it up
   * @param samples the latest sample of each ready worker (a sample whose scrape failed keeps its old time, and so
   *     turns stale)
   * @param backlog the backlog source's reading, or {@link BacklogReading#workerLocal()}
   */
  public ScalingDecision evaluate(GroupKey key, ScalingPolicy policy, int currentReplicas, int readyWorkers,
      List<WorkerSample> samples, BacklogReading backlog) {
    return evaluate(key, policy, PredictivePolicy.OFF, currentReplicas, readyWorkers, samples, backlog);
  }

  /**
   * As {@link #evaluate(GroupKey, ScalingPolicy, int, int, List, BacklogReading)}, with predictive pre-scaling:
   * when enabled, the group's rate profile learns from this decision's arrival rate, and when it expects a rise
   * within the lead time the sizing becomes the larger of the reactive need and the predicted need (the reason is
   * then {@link ScalingReason#PredictedRise}). Everything after sizing (tolerance, windows, steps, guards) applies
   * to both alike.
   */
  public ScalingDecision evaluate(GroupKey key, ScalingPolicy policy, PredictivePolicy predictivePolicy,
      int currentReplicas, int readyWorkers, List<WorkerSample> samples, BacklogReading backlog) {
    Instant now = clock.instant();
    GroupState state = store.load(key);
    GroupMetrics measured = evaluator.evaluate(policy, samples, readyWorkers, backlog, now,
        state.lastCapacityPerWorker());
    SaturationRule.Result saturated = saturation.apply(policy, measured, backlog, state, now);
    RateSmoother.Result smoothed = smoother.apply(policy, saturated.metrics(), saturated.state(), now);
    GroupMetrics metrics = smoothed.metrics();
    state = smoothed.state();
    Sizing sizing = sizer.size(metrics, policy);
    Optional<Prediction> prediction = predictivePolicy.enabled()
        ? predictive.apply(predictivePolicy, policy, metrics, profile(key), now) : Optional.empty();
    boolean predicted = prediction.isPresent() && prediction.get().workers() > sizing.needed();
    if (predicted) {
      sizing = sizing.withPrediction(prediction.get());
    }
    ScalingExecutor.Result result = executor.decide(key, policy, currentReplicas, metrics, sizing, state, now);
    store.save(key, result.state());
    return predicted ? result.decision().withPrediction(prediction.get()) : result.decision();
  }

  /** The group's rate profile, created empty on first use; the caller persists its snapshot. */
  public RateProfile profile(GroupKey key) {
    return profiles.computeIfAbsent(key, k -> new RateProfile());
  }

  /** Whether a profile is held for the group (learned here, or restored). */
  public boolean hasProfile(GroupKey key) {
    return profiles.containsKey(key);
  }

  /** Puts back a profile persisted before a restart (replacing what is held). */
  public void restoreProfile(GroupKey key, RateProfile.Snapshot snapshot) {
    profiles.put(key, RateProfile.restore(snapshot));
  }

  /** Forgets a group's profile (group removed, or predictive scaling turned off). */
  public void forgetProfile(GroupKey key) {
    profiles.remove(key);
  }

  /** {@link #evaluate(GroupKey, ScalingPolicy, int, int, List, BacklogReading)} with every replica ready. */
  public ScalingDecision evaluate(GroupKey key, ScalingPolicy policy, int currentReplicas,
      List<WorkerSample> samples, BacklogReading backlog) {
    return evaluate(key, policy, currentReplicas, currentReplicas, samples, backlog);
  }

  /**
   * The caller applied fewer workers than {@code decision} asked for (a fleet budget capped the group). The pending
   * check of the scale-up is narrowed to the workers actually added, or dropped when none were: the engine would
   * otherwise wait for workers that never come and then judge a scale-up that did not happen.
   */
  public void capped(GroupKey key, ScalingDecision decision, int applied) {
    GroupState st = store.load(key);
    GroupState.ScaleUpCheck check = st.pendingCheck();
    if (check == null || !decision.apply() || applied >= decision.desiredReplicas()
        || !check.time().equals(decision.time())) {
      return;
    }
    store.save(key, st.withCheck(applied > check.from()
        ? new GroupState.ScaleUpCheck(check.time(), check.from(), applied, check.processingRateBefore())
        : null, st.ineffective()));
  }

  /**
   * Seeds a group's state after an operator restart from what status recorded (last scale time, current workers),
   * unless state is already held. The next decisions then keep the count for a full scale-down window.
   */
  public void restore(GroupKey key, Instant lastScaleTime, int currentReplicas) {
    if (!store.contains(key)) {
      store.save(key, GroupState.restored(lastScaleTime, currentReplicas, clock.instant()));
    }
  }
}
