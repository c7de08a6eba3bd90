package io.routemq.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  /** Reason of Progressing=False while the spec cannot be applied. */
  public static final String SPEC_REJECTED = "SpecRejected";

  private final RouteMQClusterStatus previous;
  private final long generation;
  private final Instant now;
  private final List<GroupObservation> groups = new ArrayList<>();
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

    List<String> notReady = groups.stream().filter(g -> !g.isReady())
        .map(g -> g.name() + " " + g.ready() + "/" + g.desired()).toList();
    List<String> failed = groups.stream().filter(g -> g.failure() != null)
        .map(g -> g.name() + ": " + g.failure()).toList();

    if (rejectedReason != null) {
      put(status, READY, false, rejectedReason, rejectedMessage + "; running workers were not changed");
      put(status, PROGRESSING, false, SPEC_REJECTED, "the spec is not applied until it is fixed");
    } else if (notReady.isEmpty()) {
      put(status, READY, true, "AllWorkersReady", ready + " workers in " + groups.size() + " groups are ready");
      put(status, PROGRESSING, false, "RolloutComplete", "every group runs its current spec");
    } else {
      put(status, READY, false, "WorkersNotReady", "groups not ready (ready/desired): " + String.join(", ", notReady));
      put(status, PROGRESSING, true, "RollingOut", "rolling out: " + String.join(", ", notReady));
    }
    if (failed.isEmpty()) {
      put(status, DEGRADED, false, "AsExpected", "no Deployment reports a failure");
    } else {
      put(status, DEGRADED, true, "DeploymentFailed", String.join("; ", failed));
    }
    return status;
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
