package io.routemq.operator.scaling;

import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.crds.v1alpha1.WorkerBudgetSpec;
import io.routemq.operator.autoscaling.FleetBudget;
import io.routemq.operator.autoscaling.FleetBudget.Allocation;
import io.routemq.operator.autoscaling.FleetBudget.Claim;
import io.routemq.operator.autoscaling.FleetBudget.Grant;
import io.routemq.operator.autoscaling.GroupAutoscaler;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.ScalingDecision;
import io.routemq.operator.autoscaling.ScalingReason;
import io.routemq.operator.reconcile.GroupScaling;
import io.routemq.operator.reconcile.ObservedState;
import io.routemq.operator.status.StatusAggregator;
import io.routemq.operator.status.WorkerBudgetFigures;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a cluster's spec.workerBudget to the autoscaler's answers of one reconcile: each group claims what the
 * engine wants for it ({@link FleetBudget} shares the budget), and a group granted less is held to its grant.
 *
 * <ul>
 *   <li>Operator mode: the Deployment's replicas are at most the grant. A group above it is scaled down at once —
 *       the budget is a bound from the spec, like replicas.max — and its workers leave through the usual path:
 *       the ReplicaSet deletes pods, each worker gets SIGTERM, unsubscribes, finishes and acknowledges what it
 *       holds within the drain timeout. A group is raised only at its own decision (the engine's state then knows
 *       what was added), never between decisions.
 *   <li>HPA mode: the HPA owns the count, so the budget bounds the HPA: maxReplicas is the grant plus headroom (the
 *       budget no group needs now, shared by priority), and the raised floor is at most the grant. A group's claim
 *       is what runs or the engine's floor, whichever is larger. Lowering maxReplicas makes the HPA scale down at
 *       once, through the same drain.
 * </ul>
 *
 * A capped group gets a history entry (reason {@link StatusAggregator#BUDGET_CAPPED}) when its cap first appears or
 * changes, and whenever the budget moves its workers; an engine entry that announced a count the group does not get
 * is replaced by it (its inputs kept), or dropped while the same cap holds. Thread-safety: reconciles of one cluster never overlap (JOSDK), and the maps
 * are keyed by group.
 */
final class WorkerBudgets {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerBudgets.class);

  private final GroupAutoscaler engine;
  /** Operator mode: the workers the engine wanted at its last decision for the group. */
  private final Map<GroupKey, Integer> wanted = new ConcurrentHashMap<>();
  /** The engine's decisions of the reconcile under way, taken by {@link #apply}. */
  private final Map<GroupKey, ScalingDecision> decisions = new ConcurrentHashMap<>();
  /** The last cap written to history per group ("need:granted"), so a steady cap is recorded once. */
  private final Map<GroupKey, String> recorded = new ConcurrentHashMap<>();

  /** The answers to write, and what status shows of the budget (null without one). */
  record Result(Map<String, GroupScaling> answers, WorkerBudgetFigures figures) {}

  WorkerBudgets(GroupAutoscaler engine) {
    this.engine = engine;
  }

  /** The engine decided for a group running {@code current} workers. */
  void decided(GroupKey key, ScalingDecision d, int current) {
    decisions.put(key, d);
    int previous = wanted.getOrDefault(key, current);
    // While a scale-up settles the engine holds, but still wants what it asked for; otherwise what it applied or,
    // when it applied nothing (a hold, pause, recommend-only), what runs.
    wanted.put(key, d.apply() ? d.desiredReplicas()
        : d.reason() == ScalingReason.ScaleUpInProgress ? Math.max(previous, current) : current);
  }

  /**
   * True when {@code d} asks again for what the budget already refused the group (same need, nothing granted
   * beyond what runs): not news for history, nor a reason to rewrite the status figures.
   */
  boolean repeatsCap(GroupKey key, ScalingDecision d) {
    return d.apply() && d.direction() == ScalingDecision.Direction.UP
        && (d.desiredReplicas() + ":" + d.currentReplicas()).equals(recorded.get(key));
  }

  Result apply(RouteMQCluster cluster, ObservedState observed, Map<String, GroupScaling> answers, Instant now) {
    String namespace = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    List<GroupSpec> groups = cluster.getSpec().getGroups();
    Map<String, ScalingDecision> decidedNow = new LinkedHashMap<>();
    for (GroupSpec group : groups) {
      ScalingDecision d = decisions.remove(new GroupKey(namespace, name, group.getName()));
      if (d != null) {
        decidedNow.put(group.getName(), d);
      }
    }
    WorkerBudgetSpec spec = cluster.getSpec().getWorkerBudget();
    if (spec == null || spec.getMaxWorkers() == null) {
      groups.forEach(g -> recorded.remove(new GroupKey(namespace, name, g.getName())));
      return new Result(answers, null);
    }
    List<Claim> claims = new ArrayList<>();
    for (GroupSpec group : groups) {
      claims.add(claim(new GroupKey(namespace, name, group.getName()), group, observed, answers.get(group.getName())));
    }
    Allocation allocation = FleetBudget.allocate(OptionalInt.of(spec.getMaxWorkers()), claims);
    Map<String, GroupScaling> out = new LinkedHashMap<>(answers);
    List<WorkerBudgetFigures.Cap> caps = new ArrayList<>();
    for (GroupSpec group : groups) {
      GroupKey key = new GroupKey(namespace, name, group.getName());
      Grant grant = allocation.grant(group.getName());
      if (grant.capped()) {
        caps.add(new WorkerBudgetFigures.Cap(group.getName(), grant.priority(), grant.need(), grant.granted()));
      } else {
        recorded.remove(key);
      }
      if (!isAutoscaled(group)) {
        continue;
      }
      GroupScaling answer = answers.get(group.getName());
      OptionalInt current = observed.currentReplicas(group.getName());
      boolean hpa = group.effectiveAutoscalingMode() == AutoscalingMode.HPA;
      OptionalInt hpaMax = hpa ? OptionalInt.of(grant.granted() + grant.headroom()) : OptionalInt.empty();
      if (answer == null || current.isEmpty()) {
        // Not running yet: it starts at its minimum, which is always granted; an HPA is created within its share.
        if (hpa) {
          out.put(group.getName(), new GroupScaling(OptionalInt.empty(), OptionalInt.empty(), List.of(), null, hpaMax));
        }
        continue;
      }
      out.put(group.getName(), hpa
          ? hpaGroup(key, group, answer, grant, current.getAsInt(), decidedNow.get(group.getName()), hpaMax,
              spec.getMaxWorkers(), now)
          : operatorGroup(key, answer, grant, current.getAsInt(), decidedNow.get(group.getName()),
              spec.getMaxWorkers(), now));
    }
    return new Result(out, new WorkerBudgetFigures(spec.getMaxWorkers(), caps));
  }

  private Claim claim(GroupKey key, GroupSpec group, ObservedState observed, GroupScaling answer) {
    int priority = group.effectivePriority();
    OptionalInt current = observed.currentReplicas(group.getName());
    if (!isAutoscaled(group) || current.isEmpty()) {
      // A fixed, Off-mode or ordered group runs its minimum (ReplicaPlanner); so does a new group at first.
      return Claim.of(group.getName(), priority, minimum(group), minimum(group));
    }
    int min = minimum(group);
    int max = Math.max(min, group.maxReplicas());
    if (group.effectiveAutoscalingMode() == AutoscalingMode.HPA) {
      int floor = answer == null ? min : answer.hpaMinReplicas().orElse(min);
      int need = clamp(Math.max(current.getAsInt(), floor), min, max);
      return new Claim(group.getName(), priority, min, need, max);
    }
    int need = clamp(wanted.getOrDefault(key, current.getAsInt()), min, max);
    return Claim.of(group.getName(), priority, min, need);
  }

  private GroupScaling operatorGroup(GroupKey key, GroupScaling answer, Grant grant, int current,
      ScalingDecision decided, int budget, Instant now) {
    int target = answer.replicas().orElse(current);
    int write = Math.min(target, grant.granted());
    List<ScalingEvent> events = new ArrayList<>(answer.newEvents());
    if (grant.capped()) {
      // Its need stands until its next decision, also when the budget lowered it below what it ran.
      wanted.put(key, grant.need());
      if (decided != null) {
        engine.capped(key, decided, write);
      }
      recordCap(key, grant, current, write, budget, events, now);
    }
    OptionalInt replicas = write == current && answer.replicas().isEmpty() ? OptionalInt.empty()
        : OptionalInt.of(write);
    return new GroupScaling(replicas, answer.hpaMinReplicas(), events, answer.figures(), answer.hpaMaxReplicas());
  }

  private GroupScaling hpaGroup(GroupKey key, GroupSpec group, GroupScaling answer, Grant grant, int current,
      ScalingDecision decided, OptionalInt hpaMax, int budget, Instant now) {
    OptionalInt floor = answer.hpaMinReplicas();
    List<ScalingEvent> events = new ArrayList<>(answer.newEvents());
    if (grant.capped()) {
      if (floor.isPresent() && floor.getAsInt() > grant.granted()) {
        floor = grant.granted() > Math.max(1, group.minReplicas()) ? OptionalInt.of(grant.granted())
            : OptionalInt.empty();
      }
      if (decided != null) {
        engine.capped(key, decided, grant.granted());
      }
      // Capped means no headroom is left: the HPA goes to the grant (down at once, or up to the floor).
      recordCap(key, grant, current, grant.granted(), budget, events, now);
    }
    return new GroupScaling(answer.replicas(), floor, events, answer.figures(), hpaMax);
  }

  /**
   * Replaces an engine entry that announced a count the group does not get, and adds the budget's entry when the
   * workers move or the cap is new.
   */
  private void recordCap(GroupKey key, Grant grant, int current, int to, int budget, List<ScalingEvent> events,
      Instant now) {
    ScalingEvent replaced = null;
    for (ScalingEvent e : List.copyOf(events)) {
      if (Boolean.TRUE.equals(e.getApplied()) && !AutoscalingGroupScaler.HPA_SCALED.equals(e.getReason())
          && e.getTo() != null && e.getTo() != to) {
        events.remove(e);
        replaced = e;
      }
    }
    String capKey = grant.need() + ":" + grant.granted();
    if (to == current && capKey.equals(recorded.get(key))) {
      // A steady cap is in history once; the engine asks again every interval and is dropped quietly.
      return;
    }
    recorded.put(key, capKey);
    ScalingEvent e = new ScalingEvent();
    e.setTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    e.setGroup(key.group());
    e.setFrom(current);
    e.setTo(to == current ? grant.need() : to);
    e.setDirection(to > current ? "Up" : to < current ? "Down" : "Blocked");
    e.setReason(StatusAggregator.BUDGET_CAPPED);
    e.setMessage(String.format(
        "budget %d grants %d of the %d workers the group needs (priority %d; the budget goes to higher priorities"
            + " first, then in declaration order)%s: raise spec.workerBudget.maxWorkers or the group's priority",
        budget, grant.granted(), grant.need(), grant.priority(),
        to == current ? ", holding " + current : ""));
    e.setApplied(to != current);
    if (replaced != null) {
      e.setInputs(replaced.getInputs());
    }
    LOG.info("budget group={} need={} granted={} current={} to={} budget={}", key, grant.need(), grant.granted(),
        current, to, budget);
    events.add(e);
  }

  /** The fewest workers the group runs: what ReplicaPlanner and the HPA floor give it. */
  private static int minimum(GroupSpec group) {
    if (!group.isShared()) {
      return 1;
    }
    return group.effectiveAutoscalingMode() == AutoscalingMode.HPA ? Math.max(1, group.minReplicas())
        : group.minReplicas();
  }

  private static boolean isAutoscaled(GroupSpec group) {
    AutoscalingMode mode = group.effectiveAutoscalingMode();
    return group.isShared() && (mode == AutoscalingMode.Operator || mode == AutoscalingMode.HPA);
  }

  private static int clamp(int v, int min, int max) {
    return Math.max(min, Math.min(max, v));
  }

  /** Forgets a group of a removed or deleted cluster. */
  void forget(GroupKey key) {
    wanted.remove(key);
    decisions.remove(key);
    recorded.remove(key);
  }
}
