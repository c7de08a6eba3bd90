package io.routemq.operator.scaling;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.operator.autoscaling.GroupAutoscaler;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.GroupMetrics;
import io.routemq.operator.autoscaling.InMemoryAutoscalerStateStore;
import io.routemq.operator.autoscaling.PredictivePolicy;
import io.routemq.operator.autoscaling.RateProfile;
import io.routemq.operator.autoscaling.ScalingDecision;
import io.routemq.operator.autoscaling.ScalingEventMapper;
import io.routemq.operator.autoscaling.ScalingPolicy;
import io.routemq.operator.metrics.GroupInputsCollector;
import io.routemq.operator.metrics.MetricsScraper;
import io.routemq.operator.metrics.PodEndpoint;
import io.routemq.operator.metrics.WorkerMetricsCollector;
import io.routemq.operator.reconcile.GroupScaler;
import io.routemq.operator.reconcile.GroupScaling;
import io.routemq.operator.reconcile.ObservedState;
import io.routemq.operator.reconcile.ScalingRound;
import io.routemq.operator.status.GroupScalingFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler behind the reconciler. Per reconcile and autoscaled group: when the group's interval is due, scrape
 * its ready pods, read its backlog source, run the engine, and answer with the count to write (Operator mode) or the
 * HPA's floor (HPA mode), the latest figures and the events for history. Between due times it answers from what it
 * decided last, so reconciles caused by other events neither rescrape nor move a group.
 *
 * <p>After an operator restart the engine's windows are seeded from status (the group's lastScaleTime and the
 * running count), so the first decisions hold the count for a full scale-down window.
 */
public final class AutoscalingGroupScaler implements GroupScaler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutoscalingGroupScaler.class);
  /** State of a group not reconciled for this long belongs to a deleted cluster. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  static final String HPA_SCALED = "HPAScaled";
  /**
   * Figures in status are refreshed at most this often unless something notable changed (an event, a condition):
   * a status write per interval per cluster would be most of the operator's API traffic.
   */
  static final Duration STATUS_REFRESH = Duration.ofSeconds(15);
  /**
   * Learned rate profiles are written at most this often per cluster (and only when a slot was learned since): a
   * slot is five minutes, so nothing new is known sooner, and a crash loses at most one slot of learning.
   */
  public static final Duration PROFILE_WRITE = Duration.ofMinutes(5);

  private final Clock clock;
  private final GroupAutoscaler engine;
  private final InMemoryAutoscalerStateStore store = new InMemoryAutoscalerStateStore();
  private final WorkerMetricsCollector workers;
  private final GroupInputsCollector inputs;
  private final BacklogProbes probes;
  private final GroupScalingMeters meters;
  private final WorkerBudgets budgets;
  private final Map<GroupKey, Tracked> tracked = new ConcurrentHashMap<>();
  private final RateProfileConfigMaps profileStore;
  private final Duration profileWriteInterval;
  /** Per cluster ("namespace/name"): the last profile write, and the folds it carried. */
  private final Map<String, ProfileWrite> profileWrites = new ConcurrentHashMap<>();

  private record ProfileWrite(Instant time, long folds) {}

  /**
   * What the scaler remembers of a group between reconciles.
   *
   * @param lastDecision when the engine last ran for it
   * @param figures what it last published to status
   * @param hpaFloor HPA mode: the raised minReplicas, or null for the spec's min
   * @param seenReplicas the Deployment's spec.replicas at the last reconcile (to record the HPA's own changes)
   * @param touched the last reconcile that saw the group
   */
  private record Tracked(
      Instant lastDecision, GroupScalingFigures figures, Integer hpaFloor, Integer seenReplicas, Instant touched) {}

  /**
   * @param secrets reads a Secret by namespace and name (broker credentials for the backlog sources)
   * @param scrapeTimeout how long one pod's metrics may take
   */
  public AutoscalingGroupScaler(Clock clock, MeterRegistry registry,
      BiFunction<String, String, Optional<Secret>> secrets, Duration scrapeTimeout) {
    this(clock, registry, secrets, scrapeTimeout, RateProfileConfigMaps.none(), PROFILE_WRITE);
  }

  /**
   * @param profileStore where learned rate profiles of predictive groups are kept across restarts
   * @param profileWriteInterval how often at most a cluster's profiles are written
   */
  public AutoscalingGroupScaler(Clock clock, MeterRegistry registry,
      BiFunction<String, String, Optional<Secret>> secrets, Duration scrapeTimeout,
      RateProfileConfigMaps profileStore, Duration profileWriteInterval) {
    this.profileStore = profileStore;
    this.profileWriteInterval = profileWriteInterval;
    this.clock = clock;
    this.engine = new GroupAutoscaler(clock, store);
    this.workers = new WorkerMetricsCollector(new MetricsScraper(clock, scrapeTimeout));
    this.inputs = new GroupInputsCollector(workers, clock);
    this.probes = new BacklogProbes(secrets, clock);
    this.meters = new GroupScalingMeters(registry);
    this.budgets = new WorkerBudgets(engine);
  }

  /** Reads Secrets one by one through {@code client} (verb get only, as for spec validation). */
  public static AutoscalingGroupScaler create(Clock clock, MeterRegistry registry, KubernetesClient client,
      Duration scrapeTimeout) {
    return create(clock, registry, client, scrapeTimeout, PROFILE_WRITE);
  }

  /** As {@link #create(Clock, MeterRegistry, KubernetesClient, Duration)}, rate profiles written this often. */
  public static AutoscalingGroupScaler create(Clock clock, MeterRegistry registry, KubernetesClient client,
      Duration scrapeTimeout, Duration profileWriteInterval) {
    return new AutoscalingGroupScaler(clock, registry,
        (namespace, name) -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get()),
        scrapeTimeout, new RateProfileConfigMaps(client), profileWriteInterval);
  }

  @Override
  public ScalingRound decide(RouteMQCluster cluster, ObservedState observed) {
    Instant now = clock.instant();
    String namespace = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    Map<String, GroupScaling> answers = new LinkedHashMap<>();
    Set<GroupKey> live = new HashSet<>();
    Map<String, GroupKey> predictive = new LinkedHashMap<>();
    Duration next = null;
    for (GroupSpec group : cluster.getSpec().getGroups()) {
      GroupKey key = new GroupKey(namespace, name, group.getName());
      live.add(key);
      Deployment deployment = observed.deployments().get(group.getName());
      OptionalInt current = observed.currentReplicas(group.getName());
      meters.workers(key, current.orElse(0), readyReplicas(deployment));
      if (!isAutoscaled(group) || current.isEmpty()) {
        // Fixed groups have nothing to decide; a new group starts at its min and is decided once it runs.
        continue;
      }
      ScalingPolicy policy = ScalingPolicy.from(group, cpuRequestCores(cluster, group));
      PredictivePolicy pp = PredictivePolicy.from(group);
      if (pp.enabled() && restoreProfiles(cluster, key)) {
        predictive.put(group.getName(), key);
      } else if (pp.enabled()) {
        // The stored profile could not be read: neither learn into an empty one (its write would replace what is
        // stored) nor predict; reactive until the read succeeds.
        pp = PredictivePolicy.OFF;
      } else {
        engine.forgetProfile(key);
      }
      answers.put(group.getName(), answer(cluster, group, key, policy, pp, current.getAsInt(), observed, now));
      Duration untilDue = Duration.between(now, tracked.get(key).lastDecision().plus(policy.interval()));
      next = next == null || untilDue.compareTo(next) < 0 ? untilDue : next;
    }
    forgetGone(namespace, name, live, now);
    persistProfiles(cluster, predictive, now);
    // spec.workerBudget is shared across the cluster's groups once each has its own answer.
    WorkerBudgets.Result budgeted = budgets.apply(cluster, observed, answers, now);
    // Counted after the budget, which may replace or drop what the engine announced (the HPA's own changes are
    // counted where they are seen).
    budgeted.answers().forEach((group, answer) -> answer.newEvents().stream()
        .filter(e -> !HPA_SCALED.equals(e.getReason()))
        .forEach(e -> meters.scalingEvent(new GroupKey(namespace, name, group), e.getDirection())));
    return new ScalingRound(budgeted.answers(),
        Optional.ofNullable(next).map(d -> d.isNegative() ? Duration.ZERO : d), budgeted.figures());
  }

  /**
   * After a restart, the first predictive group of a cluster reads the cluster's persisted profiles once (a group
   * whose profile is held, or that has none stored, starts from what it has).
   */
  private boolean restoreProfiles(RouteMQCluster cluster, GroupKey key) {
    if (engine.hasProfile(key)) {
      return true;
    }
    String id = key.namespace() + "/" + key.cluster();
    if (!profileWrites.containsKey(id)) {
      Map<String, RateProfile.Snapshot> stored;
      try {
        stored = profileStore.read(cluster);
      } catch (RuntimeException e) {
        // Scaling goes on reactively; the next reconcile tries again.
        LOG.warn("could not read the rate profiles of {}: {}", id, e.getMessage());
        return false;
      }
      stored.forEach((group, snapshot) -> engine.restoreProfile(new GroupKey(key.namespace(), key.cluster(), group),
          snapshot));
      // Nothing learned here yet: the first write waits a full interval (what was read is what is stored).
      profileWrites.put(id, new ProfileWrite(clock.instant(), 0));
      LOG.info("restored the rate profiles of {} for groups {}", id, stored.keySet());
    }
    engine.profile(key);
    return true;
  }

  /** Writes a cluster's profiles when the interval has passed and a slot was learned since the last write. */
  private void persistProfiles(RouteMQCluster cluster, Map<String, GroupKey> predictive, Instant now) {
    if (predictive.isEmpty()) {
      return;
    }
    String id = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
    ProfileWrite last = profileWrites.get(id);
    long folds = 0;
    Map<String, RateProfile.Snapshot> snapshots = new LinkedHashMap<>();
    for (Map.Entry<String, GroupKey> e : predictive.entrySet()) {
      RateProfile profile = engine.profile(e.getValue());
      folds += profile.folds();
      snapshots.put(e.getKey(), profile.snapshot());
    }
    if (last != null && (now.isBefore(last.time().plus(profileWriteInterval)) || folds == last.folds())) {
      return;
    }
    try {
      profileStore.write(cluster, snapshots);
      profileWrites.put(id, new ProfileWrite(now, folds));
      LOG.debug("wrote the rate profiles of {} for groups {}", id, snapshots.keySet());
    } catch (RuntimeException e) {
      LOG.warn("could not write the rate profiles of {}: {}", id, e.getMessage());
    }
  }

  private GroupScaling answer(RouteMQCluster cluster, GroupSpec group, GroupKey key, ScalingPolicy policy,
      PredictivePolicy predictive, int current, ObservedState observed, Instant now) {
    boolean hpaMode = group.effectiveAutoscalingMode() == AutoscalingMode.HPA;
    Tracked t = tracked.get(key);
    List<ScalingEvent> events = new ArrayList<>();
    if (t == null) {
      engine.restore(key, lastScaleTime(cluster, group), current);
      t = new Tracked(Instant.MIN, null, hpaMode ? raisedFloor(observed.hpas().get(group.getName()), group) : null,
          current, now);
    } else if (hpaMode && t.seenReplicas() != null && t.seenReplicas() != current) {
      events.add(hpaChange(group, t.seenReplicas(), current, now));
      meters.scalingEvent(key, current > t.seenReplicas() ? "Up" : "Down");
    }
    OptionalInt replicas = OptionalInt.empty();
    GroupScalingFigures figures = t.figures();
    Integer floor = t.hpaFloor();
    Instant lastDecision = t.lastDecision();
    if (!now.isBefore(lastDecision.plus(policy.interval()))) {
      List<PodEndpoint> ready = WorkerEndpoints.ready(observed.pods(group.getName()));
      GroupInputsCollector.Inputs in = inputs.collect(key, ready,
          probes.probeFor(key, policy.backlogSource(), cluster, group));
      ScalingDecision d = engine.evaluate(key, policy, predictive, current, ready.size(), in.samples(),
          in.backlog());
      budgets.decided(key, d, current);
      lastDecision = now;
      GroupScalingFigures measured = figures(d);
      meters.figures(key, measured.arrivalRate(), measured.processingRate(), measured.queueDepth(),
          measured.cpuUtilization());
      // A hold with nothing to hold back (e.g. no pod ready yet) is a condition, not a scaling event.
      boolean nothingBlocked = d.direction() == ScalingDecision.Direction.BLOCKED && d.recommendedReplicas() == current;
      if (d.recordInHistory() && !nothingBlocked && !budgets.repeatsCap(key, d)) {
        LOG.info(d.logLine());
        events.add(ScalingEventMapper.toEvent(d));
      } else {
        LOG.debug(d.logLine());
      }
      if (figures == null || !events.isEmpty() || notableChange(figures, measured)
          || !Instant.parse(figures.metricsTime()).plus(STATUS_REFRESH).isAfter(now)) {
        figures = measured;
      }
      if (d.apply() && hpaMode) {
        // The HPA keeps its own metrics; the engine only lifts its floor while the backlog needs more workers.
        floor = d.desiredReplicas() > Math.max(1, group.minReplicas()) ? d.desiredReplicas() : null;
      } else if (d.apply()) {
        replicas = OptionalInt.of(d.desiredReplicas());
      }
    }
    tracked.put(key, new Tracked(lastDecision, figures, floor, current, now));
    return new GroupScaling(replicas, floor == null ? OptionalInt.empty() : OptionalInt.of(floor), events, figures);
  }

  private static boolean notableChange(GroupScalingFigures before, GroupScalingFigures now) {
    return before.metricsAvailable() != now.metricsAvailable() || before.limited() != now.limited()
        || before.ineffective() != now.ineffective() || before.recommendedReplicas() != now.recommendedReplicas();
  }

  private static boolean isAutoscaled(GroupSpec group) {
    AutoscalingMode mode = group.effectiveAutoscalingMode();
    return group.isShared() && (mode == AutoscalingMode.Operator || mode == AutoscalingMode.HPA);
  }

  private static GroupScalingFigures figures(ScalingDecision d) {
    GroupMetrics m = d.metrics();
    return new GroupScalingFigures(
        d.recommendedReplicas(),
        tenth(m.arrivalRate()),
        tenth(m.processingRate()),
        m.capacityKnown() ? tenth(m.capacityPerWorker()) : null,
        m.backlog(),
        Double.isNaN(m.cpuUtilization()) ? null : (int) Math.round(m.cpuUtilization()),
        d.time().truncatedTo(ChronoUnit.SECONDS).toString(),
        d.metricsAvailable(),
        d.scalingLimited(),
        d.scalingIneffective(),
        d.message());
  }

  private static double tenth(double v) {
    return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : 0;
  }

  /** The HPA's changes are history too: they are how an HPA-mode group scales. */
  private static ScalingEvent hpaChange(GroupSpec group, int from, int to, Instant now) {
    ScalingEvent e = new ScalingEvent();
    e.setTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    e.setGroup(group.getName());
    e.setFrom(from);
    e.setTo(to);
    e.setDirection(to > from ? "Up" : "Down");
    e.setReason(HPA_SCALED);
    e.setMessage("the HorizontalPodAutoscaler changed the worker count");
    e.setApplied(true);
    return e;
  }

  /** A floor the operator raised before it restarted stays until the engine lowers it. */
  private static Integer raisedFloor(HorizontalPodAutoscaler hpa, GroupSpec group) {
    if (hpa == null || hpa.getSpec() == null || hpa.getSpec().getMinReplicas() == null) {
      return null;
    }
    int min = hpa.getSpec().getMinReplicas();
    return min > Math.max(1, group.minReplicas()) ? min : null;
  }

  private static Instant lastScaleTime(RouteMQCluster cluster, GroupSpec group) {
    if (cluster.getStatus() == null || cluster.getStatus().getGroups() == null) {
      return null;
    }
    for (GroupStatus g : cluster.getStatus().getGroups()) {
      if (group.getName().equals(g.getName()) && g.getLastScaleTime() != null) {
        try {
          return Instant.parse(g.getLastScaleTime());
        } catch (DateTimeParseException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static int readyReplicas(Deployment d) {
    return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
        : d.getStatus().getReadyReplicas();
  }

  /** The group's CPU request in cores (the group's resources, else the cluster's worker resources); 0 if none. */
  static double cpuRequestCores(RouteMQCluster cluster, GroupSpec group) {
    ResourceRequirements r = group.getResources() != null ? group.getResources()
        : cluster.getSpec().getWorker() == null ? null : cluster.getSpec().getWorker().getResources();
    Quantity cpu = r == null || r.getRequests() == null ? null : r.getRequests().get("cpu");
    return cpu == null ? 0 : cpu.getNumericalAmount().doubleValue();
  }

  /** Groups removed from this cluster now, and groups of clusters not reconciled for a long time (deleted). */
  private void forgetGone(String namespace, String cluster, Set<GroupKey> live, Instant now) {
    for (Map.Entry<GroupKey, Tracked> e : tracked.entrySet()) {
      GroupKey key = e.getKey();
      boolean removedFromThis = key.namespace().equals(namespace) && key.cluster().equals(cluster)
          && !live.contains(key);
      if (removedFromThis || e.getValue().touched().plus(FORGET_AFTER).isBefore(now)) {
        forget(key);
      }
    }
  }

  private void forget(GroupKey key) {
    tracked.remove(key);
    store.remove(key);
    engine.forgetProfile(key);
    if (tracked.keySet().stream().noneMatch(k -> k.namespace().equals(key.namespace())
        && k.cluster().equals(key.cluster()))) {
      profileWrites.remove(key.namespace() + "/" + key.cluster());
    }
    workers.forget(key);
    probes.close(key);
    meters.forget(key);
    budgets.forget(key);
  }

  @Override
  public void close() {
    probes.close();
  }
}
