package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import io.routemq.operator.events.EventRecorder;
import io.routemq.operator.sessions.DepartedPods;
import io.routemq.operator.sessions.SessionRecovery;
import io.routemq.operator.status.GroupObservation;
import io.routemq.operator.status.StatusAggregator;
import io.routemq.operator.validation.SpecProblem;
import io.routemq.operator.validation.SpecValidator;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a RouteMQCluster into one ConfigMap, Deployment and (when needed) PDB and HPA per group:
 * observe → validate → decide → apply → status. The periodic resync (maxReconciliationInterval,
 * overridable at run time) heals whatever a lost event left behind.
 */
@ControllerConfiguration(
    name = RouteMQClusterReconciler.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class RouteMQClusterReconciler implements Reconciler<RouteMQCluster> {

  public static final String NAME = "routemqcluster";
  private static final Logger LOG = LoggerFactory.getLogger(RouteMQClusterReconciler.class);

  private final OperatorSettings settings;
  private final SpecValidator validator;
  private final GroupScaler scaler;
  private final ChildApplier applier = new ChildApplier();
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final DepartedPods departedPods = new DepartedPods();

  @Inject
  public RouteMQClusterReconciler(
      OperatorSettings settings, GroupScaler scaler, ReconcileMetrics metrics, Clock clock) {
    this.settings = settings;
    this.validator = new SpecValidator(settings.handlerCatalog());
    this.scaler = scaler;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, RouteMQCluster>> prepareEventSources(EventSourceContext<RouteMQCluster> context) {
    return List.of(
        informer(ConfigMap.class, context),
        informer(Deployment.class, context),
        informer(PodDisruptionBudget.class, context),
        informer(HorizontalPodAutoscaler.class, context),
        podInformer(context, departedPods));
  }

  /**
   * The workers' pods, for the autoscaler's scrapes. A pod is owned by a ReplicaSet, not by the cluster, so the
   * cluster label maps it back; a pod turning ready or going away also refreshes the cluster's status.
   */
  private static EventSource<?, RouteMQCluster> podInformer(
      EventSourceContext<RouteMQCluster> context, DepartedPods departed) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, RouteMQCluster.class)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(RouteMQClusterReconciler::clusterOfPod)
            .withNamespacesInheritedFromController()
            .withItemStore(new PrunedPodStore())
            .build(),
        context) {
      @Override
      public synchronized void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        // The deleted pod's last state says whether its worker ended its session; the cache forgets it now.
        departed.gone(pod);
        super.onDelete(pod, deletedFinalStateUnknown);
      }
    };
  }

  /** Only objects the operator labelled are cached; an owner reference maps each back to its cluster. */
  private static <R extends HasMetadata> EventSource<?, RouteMQCluster> informer(
      Class<R> type, EventSourceContext<RouteMQCluster> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, RouteMQCluster.class)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(RouteMQCluster.class))
            .withNamespacesInheritedFromController()
            .withItemStore(new LeanItemStore<>())
            .build(),
        context);
  }

  private static Set<ResourceID> clusterOfPod(Pod pod) {
    String cluster = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Labels.CLUSTER);
    return cluster == null ? Set.of() : Set.of(new ResourceID(cluster, pod.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<RouteMQCluster> reconcile(RouteMQCluster cluster, Context<RouteMQCluster> ctx)
      throws Exception {
    return metrics.time(() -> reconcileOnce(cluster, ctx));
  }

  /** Transient failures (a 409, a timeout) are retried quietly; only a failed last retry shows in status. */
  @Override
  public ErrorStatusUpdateControl<RouteMQCluster> updateErrorStatus(
      RouteMQCluster cluster, Context<RouteMQCluster> ctx, Exception e) {
    if (!ctx.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    error = error.length() > 1000 ? error.substring(0, 997) + "..." : error;
    LOG.warn("reconcile failed after its retries: {}", error);
    RouteMQClusterStatus next = StatusAggregator.reconcileFailed(
        cluster.getStatus(), cluster.getMetadata().getGeneration(), clock.instant(), error);
    if (!StatusAggregator.changed(cluster.getStatus(), next)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    new EventRecorder(ctx.getClient(), clock).warning(cluster, StatusAggregator.RECONCILE_FAILED, error);
    cluster.setStatus(next);
    return ErrorStatusUpdateControl.patchStatus(cluster);
  }

  private UpdateControl<RouteMQCluster> reconcileOnce(RouteMQCluster cluster, Context<RouteMQCluster> ctx) {
    ObservedState observed = observe(ctx);
    Function<String, Optional<Secret>> secrets = secretLookup(cluster, ctx);
    List<SpecProblem> problems = validator.validate(cluster, secrets);
    StatusAggregator status = newStatus(cluster);
    EventRecorder events = new EventRecorder(ctx.getClient(), clock);
    ScalingRound round = ScalingRound.none();
    if (problems.isEmpty()) {
      try {
        round = scaler.decide(cluster, observed);
        applyDesired(cluster, observed, round, BrokerSecrets.hash(cluster.getSpec().getBroker(), secrets), ctx,
            status, events);
      } catch (ForeignObjectException e) {
        problems = List.of(new SpecProblem(ForeignObjectException.REASON, e.getMessage()));
        status = newStatus(cluster);
      }
    }
    if (!problems.isEmpty()) {
      reject(cluster, problems, observed, status);
    }
    // Also while the spec is rejected: the running Deployments' pod templates are what the adopters run.
    SessionRecovery.reconcile(cluster, observed.pods(), observed.deployments(),
        ctx.getSecondaryResources(ConfigMap.class), ctx.getSecondaryResources(Pod.class), departedPods,
        ctx.getClient(), events, status);
    RouteMQClusterStatus next = status.build();
    announceReadiness(cluster, cluster.getStatus(), next, events);
    if (StatusAggregator.changed(cluster.getStatus(), next)) {
      writeStatus(cluster, next, ctx);
    }
    UpdateControl<RouteMQCluster> control = UpdateControl.noUpdate();
    if (!problems.isEmpty()) {
      return control.rescheduleAfter(settings.invalidSpecRetry());
    }
    // The autoscaler's interval: the next reconcile reads the metrics again. A cluster that names Secrets is also
    // looked at again within secretRecheck: the operator may only get Secrets (no watch, see deploy/), so this is
    // how it sees a rotation and rolls the workers.
    Optional<Duration> nextLook = round.nextDecisionIn();
    if (BrokerSecrets.referencesSecrets(cluster.getSpec().getBroker())
        && nextLook.map(d -> d.compareTo(settings.secretRecheck()) > 0).orElse(true)) {
      nextLook = Optional.of(settings.secretRecheck());
    }
    return nextLook.map(control::rescheduleAfter).orElse(control);
  }

  private StatusAggregator newStatus(RouteMQCluster cluster) {
    return new StatusAggregator(cluster.getStatus(), cluster.getMetadata().getGeneration(), clock.instant())
        .historyLimit(cluster.getSpec().getHistoryLimit());
  }

  /**
   * A JSON patch of status (the diff from what this reconcile read) that carries the
   * resourceVersion it read. JOSDK's own status patch drops the version, and then a spec edit made
   * during the reconcile can be lost: the patch response (with the edit) is cached as newer than the
   * edit's own event, and observedGeneration claims a spec that was never applied. With the version,
   * such a write fails with 409 and the reconcile runs again on the new spec.
   */
  private static void writeStatus(RouteMQCluster cluster, RouteMQClusterStatus next, Context<RouteMQCluster> ctx) {
    ctx.resourceOperations().jsonPatchPrimaryStatus(cluster, c -> {
      c.setStatus(next);
      return c;
    });
  }

  private static ObservedState observe(Context<RouteMQCluster> ctx) {
    return ObservedState.of(
        ctx.getSecondaryResources(ConfigMap.class),
        ctx.getSecondaryResources(Deployment.class),
        ctx.getSecondaryResources(PodDisruptionBudget.class),
        ctx.getSecondaryResources(HorizontalPodAutoscaler.class),
        ctx.getSecondaryResources(Pod.class));
  }

  /**
   * Secrets are read one by one (verb get only): the operator never lists or caches them across reconciles. Within
   * one reconcile each is read once, so the validator and the hash see the same version.
   */
  private static Function<String, Optional<Secret>> secretLookup(
      RouteMQCluster cluster, Context<RouteMQCluster> ctx) {
    String namespace = cluster.getMetadata().getNamespace();
    Map<String, Optional<Secret>> read = new HashMap<>();
    return name -> read.computeIfAbsent(name,
        n -> Optional.ofNullable(ctx.getClient().secrets().inNamespace(namespace).withName(n).get()));
  }

  private void applyDesired(
      RouteMQCluster cluster, ObservedState observed, ScalingRound round, Optional<String> brokerSecretsHash,
      Context<RouteMQCluster> ctx, StatusAggregator status, EventRecorder events) {
    List<DesiredGroup> desired = new DesiredState(new ReplicaPlanner(round.replicaDecider()), brokerSecretsHash)
        .of(cluster, observed);
    ChildApplier.Result result = applier.apply(cluster, desired, observed, ctx);
    metrics.writes(result.writes());
    for (GroupSpec group : cluster.getSpec().getGroups()) {
      DesiredGroup d = desired.stream().filter(g -> g.name().equals(group.getName())).findFirst().orElseThrow();
      status.group(GroupObservation.of(group.getName(), d.deployment().getMetadata().getName(),
          group.effectiveAutoscalingMode().name(), d.configHash(), result.deployments().get(group.getName()),
          observed.pods(group.getName()), clock.instant()));
    }
    ScalingEvents.record(cluster, round, status, events);
    if (!result.removedGroups().isEmpty()) {
      events.normal(cluster, "GroupRemoved",
          "deleted the workers and objects of groups no longer in the spec: " + String.join(", ", result.removedGroups()));
    }
  }

  /** An unusable spec changes nothing that runs; status still reports what the workers do. */
  private void reject(
      RouteMQCluster cluster, List<SpecProblem> problems, ObservedState observed, StatusAggregator status) {
    metrics.rejected();
    String message = problems.stream().map(SpecProblem::message).collect(Collectors.joining("; "));
    // At DEBUG: the rejection repeats on every retry; the Event and the Ready condition carry it once.
    LOG.debug("spec rejected reason={} message={}", problems.get(0).reason(), message);
    status.specRejected(problems.get(0).reason(), message);
    for (GroupSpec group : cluster.getSpec().getGroups()) {
      Deployment running = observed.deployments().get(group.getName());
      String hash = running == null ? null
          : running.getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH);
      status.group(GroupObservation.of(group.getName(),
          RouteMQCluster.childName(cluster.getMetadata().getName(), group.getName()),
          group.effectiveAutoscalingMode().name(), hash, running, observed.pods(group.getName()), clock.instant()));
    }
  }

  /** One Event per change of the verdict on the spec, not one per resync. */
  private static void announceReadiness(
      RouteMQCluster cluster, RouteMQClusterStatus before, RouteMQClusterStatus after, EventRecorder events) {
    Condition was = ready(before);
    Condition now = ready(after);
    if (StatusAggregator.isSpecRejected(after)) {
      if (!StatusAggregator.isSpecRejected(before) || was == null
          || !Objects.equals(was.getReason(), now.getReason()) || !Objects.equals(was.getMessage(), now.getMessage())) {
        events.warning(cluster, now.getReason(), now.getMessage());
      }
    } else if (StatusAggregator.isSpecRejected(before)) {
      events.normal(cluster, "SpecAccepted", "the spec is valid again and is being applied");
    }
  }

  private static Condition ready(RouteMQClusterStatus status) {
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(c -> StatusAggregator.READY.equals(c.getType())).findFirst().orElse(null);
  }
}
