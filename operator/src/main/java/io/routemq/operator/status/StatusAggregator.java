package io.routemq.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import io.routemq.crds.v1alpha1.ScalingEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Builds the whole status of one reconcile (pure). Callers state intents (the spec was rejected,
 * this group reports that); the aggregator derives Ready, Progressing and Degraded from them and keeps
 * a condition's lastTransitionTime unless its status flips. Fields the autoscaler owns (rates,
 * backlog, history, its own conditions) are carried over from the previous status untouched.
 */
public final class StatusAggregator {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  /**
   * kstatus' two "abnormal-true" conditions, which GitOps tools (Flux, cli-utils, kpt) read for a custom resource:
   * with observedGeneration current, Reconciling=True means in progress, Stalled=True means failed and waiting for
   * a person, and both False means current. Progressing and Degraded say the same for people used to Deployments.
   */
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  /** Reason of Progressing=False while the spec cannot be applied. */
  public static final String SPEC_REJECTED = "SpecRejected";
  /** The autoscaler's conditions (HPA's AbleToScale / ScalingActive / ScalingLimited, in our terms). */
  public static final String METRICS_AVAILABLE = "MetricsAvailable";
  public static final String SCALING_LIMITED = "ScalingLimited";
  public static final String SCALING_INEFFECTIVE = "ScalingIneffective";
  /** Reason of ScalingLimited=True while spec.workerBudget gives some group fewer workers than it needs. */
  public static final String BUDGET_CAPPED = "BudgetCapped";
  /** spec.historyLimit's default. */
  public static final int DEFAULT_HISTORY_LIMIT = 20;

  private final RouteMQClusterStatus previous;
  private final long generation;
  private final Instant now;
  private final List<GroupObservation> groups = new ArrayList<>();
  private final Map<String, GroupScalingFigures> scaling = new LinkedHashMap<>();
  private final List<ScalingEvent> newEvents = new ArrayList<>();
  private final Map<String, Integer> orphanedSessions = new LinkedHashMap<>();
  private int historyLimit = DEFAULT_HISTORY_LIMIT;
  private WorkerBudgetFigures budget;
  private String rejectedReason;
  private String rejectedMessage;

  public StatusAggregator(RouteMQClusterStatus previous, Long generation, Instant now) {
    this.previous = previous == null ? new RouteMQClusterStatus() : previous;
    this.generation = generation == null ? 0 : generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The spec cannot be applied; running workers were left alone. */
  public StatusAggregator specRejected(String reason, String message) {
    this.rejectedReason = reason;
    this.rejectedMessage = message;
    return this;
  }

  public StatusAggregator group(GroupObservation group) {
    groups.add(group);
    return this;
  }

  /** The autoscaler's latest figures for a group (kept from the previous status when not given). */
  public StatusAggregator autoscaling(String group, GroupScalingFigures figures) {
    scaling.put(group, figures);
    return this;
  }

  /** Sessions of a group's gone workers that are being recovered (0: none). */
  public StatusAggregator orphanedSessions(String group, int count) {
    orphanedSessions.put(group, count);
    return this;
  }

  /** A scaling event to put on top of status.scalingHistory; call in the order they happened. */
  public StatusAggregator scalingEvent(ScalingEvent event) {
    newEvents.add(event);
    return this;
  }

  /** How spec.workerBudget was shared (call only when the cluster has a budget). */
  public StatusAggregator workerBudget(WorkerBudgetFigures figures) {
    this.budget = figures;
    return this;
  }

  /** How many history entries are kept (spec.historyLimit); 0 keeps none. */
  public StatusAggregator historyLimit(Integer limit) {
    this.historyLimit = limit == null ? DEFAULT_HISTORY_LIMIT : Math.max(0, limit);
    return this;
  }

  public RouteMQClusterStatus build() {
    RouteMQClusterStatus status = copy(previous);
    status.setObservedGeneration(generation);
    int ready = groups.stream().mapToInt(GroupObservation::ready).sum();
    int desired = groups.stream().mapToInt(GroupObservation::desired).sum();
    status.setGroupCount(groups.size());
    status.setReadyWorkers(ready);
    status.setDesiredWorkers(desired);
    status.setWorkers(ready + "/" + desired);
    status.setGroups(groupStatuses());
    applyScaling(status);
    applyBudget(status);

    List<String> notReady = groups.stream().filter(g -> !g.isReady())
        .map(g -> g.name() + " " + g.ready() + "/" + g.desired()).toList();
    List<String> failed = groups.stream().filter(g -> g.failure() != null)
        .map(g -> g.name() + ": " + g.failure()).toList();

    if (rejectedReason != null) {
      put(status, READY, false, rejectedReason, rejectedMessage + "; running workers were not changed");
      put(status, PROGRESSING, false, SPEC_REJECTED, "the spec is not applied until it is fixed");
      put(status, RECONCILING, false, SPEC_REJECTED, "the spec is not applied until it is fixed");
    } else if (notReady.isEmpty()) {
      put(status, READY, true, "AllWorkersReady", ready + " workers in " + groups.size() + " groups are ready");
      put(status, PROGRESSING, false, "RolloutComplete", "every group runs its current spec");
      put(status, RECONCILING, false, "RolloutComplete", "every group runs its current spec");
    } else {
      put(status, READY, false, "WorkersNotReady", "groups not ready (ready/desired): " + String.join(", ", notReady));
      put(status, PROGRESSING, true, "RollingOut", "rolling out: " + String.join(", ", notReady));
      put(status, RECONCILING, failed.isEmpty(), "RollingOut", "rolling out: " + String.join(", ", notReady));
    }
    // A Deployment that gave up outranks pods that keep dying: it is the older, wider failure.
    String failureReason = groups.stream().map(GroupObservation::failureReason).filter(Objects::nonNull)
        .min(Comparator.comparing(r -> !GroupObservation.DEPLOYMENT_FAILED.equals(r))).orElse(null);
    if (failed.isEmpty()) {
      put(status, DEGRADED, false, "AsExpected", "no Deployment reports a failure and no worker crash-loops");
    } else {
      put(status, DEGRADED, true, failureReason, String.join("; ", failed));
    }
    // A rejected spec and a Deployment that gave up both need a person: no retry of ours will fix either.
    if (rejectedReason != null) {
      put(status, STALLED, true, rejectedReason, rejectedMessage + "; fix the spec and apply it again");
    } else if (!failed.isEmpty()) {
      put(status, STALLED, true, failureReason, String.join("; ", failed)
          + "; the group's Deployment and pods (kubectl describe) say why");
    } else {
      put(status, STALLED, false, "AsExpected", "nothing waits for a person");
    }
    return status;
  }

  /**
   * History (newest first, bounded), the newest event in the printer columns, the cluster's totals over the
   * groups' latest figures, and the autoscaler's conditions. Groups without figures yet (the operator just
   * started) keep what the previous status said.
   */
  private void applyScaling(RouteMQClusterStatus status) {
    List<ScalingEvent> history = new ArrayList<>();
    for (int i = newEvents.size() - 1; i >= 0; i--) {
      history.add(newEvents.get(i));
    }
    if (previous.getScalingHistory() != null) {
      history.addAll(previous.getScalingHistory());
    }
    status.setScalingHistory(history.size() > historyLimit ? new ArrayList<>(history.subList(0, historyLimit))
        : history);
    if (!newEvents.isEmpty()) {
      ScalingEvent newest = newEvents.get(newEvents.size() - 1);
      status.setLastScale(newest.getGroup() + " " + newest.getFrom() + "->" + newest.getTo()
          + ("Blocked".equals(newest.getDirection()) ? " blocked" : Boolean.TRUE.equals(newest.getApplied()) ? ""
              : " recommended"));
      status.setLastScaleTime(newest.getTime());
    }
    List<GroupStatus> groupStatuses = status.getGroups();
    for (GroupStatus g : groupStatuses) {
      for (int i = newEvents.size() - 1; i >= 0; i--) {
        ScalingEvent e = newEvents.get(i);
        if (e.getGroup().equals(g.getName()) && Boolean.TRUE.equals(e.getApplied())
            && !"Blocked".equals(e.getDirection())) {
          g.setLastScaleTime(e.getTime());
          break;
        }
      }
    }
    if (groupStatuses.stream().noneMatch(g -> g.getMessagesPerSecond() != null || g.getQueueDepth() != null)) {
      return;
    }
    status.setMessagesPerSecond(Math.round(groupStatuses.stream()
        .mapToDouble(g -> g.getMessagesPerSecond() == null ? 0 : g.getMessagesPerSecond()).sum()));
    status.setBacklog(groupStatuses.stream().mapToLong(g -> g.getQueueDepth() == null ? 0 : g.getQueueDepth()).sum());
    if (scaling.isEmpty()) {
      return;
    }
    List<String> stale = names(f -> !f.metricsAvailable());
    List<String> limited = names(GroupScalingFigures::limited);
    List<String> ineffective = names(GroupScalingFigures::ineffective);
    if (stale.isEmpty()) {
      put(status, METRICS_AVAILABLE, true, "MetricsRead", "fresh worker metrics for " + String.join(", ",
          scaling.keySet()));
    } else {
      put(status, METRICS_AVAILABLE, false, "MetricsStale",
          "no fresh worker metrics, scale-downs held: " + String.join("; ", stale));
    }
    if (budget == null || budget.capped().isEmpty()) {
      // Else applyBudget writes it, once: a False in between would reset its lastTransitionTime every reconcile.
      put(status, SCALING_LIMITED, !limited.isEmpty(), limited.isEmpty() ? "WithinLimits" : "LimitReached",
          limited.isEmpty() ? "no group is held by its min, max or step limits" : String.join("; ", limited));
    }
    put(status, SCALING_INEFFECTIVE, !ineffective.isEmpty(),
        ineffective.isEmpty() ? "ScalingEffective" : "AddedWorkersDidNotHelp",
        ineffective.isEmpty() ? "added workers raised throughput"
            : "no more workers are added until throughput rises: " + String.join("; ", ineffective));
  }

  /**
   * A budget's caps take ScalingLimited over (the group's own limits are appended): they are what a person can act
   * on. Set whether or not the groups have figures yet, since a cap also applies to groups not decided this round;
   * once nothing is capped the condition goes back to what the groups' own limits say.
   */
  private void applyBudget(RouteMQClusterStatus status) {
    if (budget == null || budget.capped().isEmpty()) {
      Condition current = condition(status, SCALING_LIMITED);
      if (current != null && BUDGET_CAPPED.equals(current.getReason())) {
        List<String> limited = names(GroupScalingFigures::limited);
        put(status, SCALING_LIMITED, !limited.isEmpty(), limited.isEmpty() ? "WithinLimits" : "LimitReached",
            limited.isEmpty() ? "no group is held by its min, max or step limits" : String.join("; ", limited));
      }
      return;
    }
    String caps = budget.capped().stream()
        .map(c -> "group " + c.group() + " capped " + c.need() + "->" + c.granted() + " (priority " + c.priority() + ")")
        .collect(Collectors.joining(", "));
    String message = "budget " + budget.maxWorkers() + ": " + caps
        + "; raise spec.workerBudget.maxWorkers or the capped groups' priority";
    List<String> limited = names(GroupScalingFigures::limited);
    if (!limited.isEmpty()) {
      message += "; also held by their own limits: " + String.join("; ", limited);
    }
    put(status, SCALING_LIMITED, true, BUDGET_CAPPED, message);
  }

  private static Condition condition(RouteMQClusterStatus status, String type) {
    return status.getConditions() == null ? null
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private List<String> names(Predicate<GroupScalingFigures> test) {
    return scaling.entrySet().stream().filter(e -> test.test(e.getValue()))
        .map(e -> e.getKey() + ": " + e.getValue().message()).toList();
  }

  /** Reason of Degraded=True after a reconcile failed on its last retry. */
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  /**
   * The status after a reconcile failed even on its last retry: Degraded=True with the error, the
   * rest as it was (nothing new was observed). The next successful reconcile recomputes Degraded.
   */
  public static RouteMQClusterStatus reconcileFailed(
      RouteMQClusterStatus previous, Long generation, Instant now, String error) {
    StatusAggregator aggregator = new StatusAggregator(previous, generation, now);
    RouteMQClusterStatus status = copy(aggregator.previous);
    aggregator.put(status, DEGRADED, true, RECONCILE_FAILED,
        "the last reconcile failed after its retries: " + error);
    // Retries are spent; the next attempt waits for a change or the resync, so tools should show it as failed.
    aggregator.put(status, STALLED, true, RECONCILE_FAILED,
        "the last reconcile failed after its retries: " + error + "; the operator's log has the cause");
    return status;
  }

  /** True when the status says the spec was rejected (and workers were left as they were). */
  public static boolean isSpecRejected(RouteMQClusterStatus status) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> PROGRESSING.equals(c.getType()) && SPEC_REJECTED.equals(c.getReason()));
  }

  /** True when writing {@code next} would change what is stored. */
  public static boolean changed(RouteMQClusterStatus current, RouteMQClusterStatus next) {
    return !Serialization.jsonMapper().valueToTree(next)
        .equals(Serialization.jsonMapper().valueToTree(current == null ? new RouteMQClusterStatus() : current));
  }

  private List<GroupStatus> groupStatuses() {
    Map<String, GroupStatus> before = previous.getGroups() == null ? Map.of()
        : previous.getGroups().stream().collect(
            Collectors.toMap(GroupStatus::getName, g -> g, (a, b) -> a, LinkedHashMap::new));
    List<GroupStatus> result = new ArrayList<>();
    for (GroupObservation g : groups) {
      GroupStatus s = before.containsKey(g.name()) ? copy(before.get(g.name())) : new GroupStatus();
      s.setName(g.name());
      s.setDeployment(g.deployment());
      s.setAutoscalingMode(g.autoscalingMode());
      s.setDesiredReplicas(g.desired());
      s.setReadyReplicas(g.ready());
      s.setAvailableReplicas(g.available());
      s.setConfigHash(g.configHash());
      int orphaned = orphanedSessions.getOrDefault(g.name(), 0);
      s.setOrphanedSessions(orphaned == 0 ? null : orphaned);
      GroupScalingFigures f = scaling.get(g.name());
      if (f != null) {
        s.setRecommendedReplicas(f.recommendedReplicas());
        s.setArrivalRate(f.arrivalRate());
        s.setMessagesPerSecond(f.processingRate());
        s.setCapacityPerWorker(f.capacityPerWorker());
        s.setQueueDepth(f.queueDepth());
        s.setCpuUtilization(f.cpuUtilization());
        s.setMetricsTime(f.metricsTime());
      }
      result.add(s);
    }
    return result;
  }

  private void put(RouteMQClusterStatus status, String type, boolean value, String reason, String message) {
    String text = value ? "True" : "False";
    List<Condition> conditions = new ArrayList<>(
        status.getConditions() == null ? List.of() : status.getConditions());
    Condition old = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition = old != null && Objects.equals(old.getStatus(), text) && old.getLastTransitionTime() != null
        ? old.getLastTransitionTime() : now.toString();
    Condition next = new ConditionBuilder()
        .withType(type)
        .withStatus(text)
        .withReason(reason)
        .withMessage(truncate(message))
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
    if (old == null) {
      conditions.add(next);
    } else {
      conditions.set(conditions.indexOf(old), next);
    }
    status.setConditions(conditions);
  }

  /** metav1.Condition caps message at 32768 characters. */
  private static String truncate(String message) {
    return message.length() <= 32768 ? message : message.substring(0, 32765) + "...";
  }

  private static <T> T copy(T value) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) value.getClass();
    return Serialization.jsonMapper().convertValue(value, type);
  }
}
