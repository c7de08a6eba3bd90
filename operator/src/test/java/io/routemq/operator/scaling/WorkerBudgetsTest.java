package io.routemq.operator.scaling;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.crds.v1alpha1.WorkerBudgetSpec;
import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.BacklogReading.Source;
import io.routemq.operator.autoscaling.GroupAutoscaler;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.autoscaling.InMemoryAutoscalerStateStore;
import io.routemq.operator.autoscaling.ScalingDecision;
import io.routemq.operator.autoscaling.ScalingEventMapper;
import io.routemq.operator.autoscaling.ScalingPolicy;
import io.routemq.operator.autoscaling.WorkerSample;
import io.routemq.operator.reconcile.GroupScaling;
import io.routemq.operator.reconcile.ObservedState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** spec.workerBudget applied to one reconcile's answers (no server: the engine is real, the answers are built). */
class WorkerBudgetsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final GroupAutoscaler engine =
      new GroupAutoscaler(Clock.fixed(NOW, ZoneOffset.UTC), new InMemoryAutoscalerStateStore());
  private final WorkerBudgets budgets = new WorkerBudgets(engine);

  private static GroupSpec group(String name, int priority, AutoscalingMode mode) {
    GroupSpec g = ranged(name, 1, 20, mode);
    g.setPriority(priority);
    return g;
  }

  private static RouteMQCluster fleet(Integer budget, GroupSpec... groups) {
    var builder = cluster("fleet");
    for (GroupSpec g : groups) {
      builder.group(g);
    }
    RouteMQCluster c = builder.build();
    c.getSpec().setWorkerBudget(budget == null ? null : new WorkerBudgetSpec(budget));
    return c;
  }

  /** What runs: each group's Deployment with the given spec.replicas. */
  private static ObservedState running(Map<String, Integer> replicas) {
    Map<String, Deployment> deployments = new LinkedHashMap<>();
    replicas.forEach((group, n) -> deployments.put(group,
        new DeploymentBuilder().withNewMetadata().withName("fleet-" + group).endMetadata()
            .withNewSpec().withReplicas(n).endSpec().build()));
    return new ObservedState(Map.of(), deployments, Map.of(), Map.of(), Map.of());
  }

  private static GroupScaling hold() {
    return new GroupScaling(OptionalInt.empty(), OptionalInt.empty(), List.of(), null);
  }

  /** The engine's real decision for a group of {@code current} saturated workers facing {@code arrival} msg/s. */
  private ScalingDecision decide(String group, int current, double arrival) {
    List<WorkerSample> samples = new ArrayList<>();
    for (int i = 0; i < current; i++) {
      samples.add(new WorkerSample("w-" + i, NOW, 100, 100, 1.0, 0.5, 0, 0));
    }
    GroupKey key = new GroupKey("iot", "fleet", group);
    ScalingDecision d = engine.evaluate(key, ScalingPolicy.defaults(1, 20), current, samples,
        BacklogReading.of(Source.ARRIVAL_SAMPLER, arrival, 0, NOW));
    budgets.decided(key, d, current);
    return d;
  }

  private static GroupScaling applied(ScalingDecision d) {
    return new GroupScaling(OptionalInt.of(d.desiredReplicas()), OptionalInt.empty(),
        List.of(ScalingEventMapper.toEvent(d)), null);
  }

  @Test
  void anEngineScaleUpBeyondTheGrantIsCutToItAndItsHistoryEntryReplaced() {
    RouteMQCluster c = fleet(8, group("low", 0, AutoscalingMode.Operator), group("high", 5, AutoscalingMode.Operator));
    ScalingDecision low = decide("low", 2, 1400);
    assertThat(low.desiredReplicas()).as("the engine wants 20").isEqualTo(20);
    Map<String, GroupScaling> answers = Map.of("low", applied(low), "high", hold());

    WorkerBudgets.Result r = budgets.apply(c, running(Map.of("low", 2, "high", 5)), answers, NOW);

    // high keeps its 5 (priority), low gets the other 3.
    assertThat(r.answers().get("low").replicas()).hasValue(3);
    ScalingEvent e = r.answers().get("low").newEvents().get(0);
    assertThat(r.answers().get("low").newEvents()).hasSize(1);
    assertThat(e.getReason()).isEqualTo("BudgetCapped");
    assertThat(e.getFrom()).isEqualTo(2);
    assertThat(e.getTo()).isEqualTo(3);
    assertThat(e.getDirection()).isEqualTo("Up");
    assertThat(e.getApplied()).isTrue();
    assertThat(e.getInputs()).as("the engine's inputs are kept").isNotNull();
    assertThat(e.getMessage()).startsWith("budget 8 grants 3 of the 20 workers the group needs (priority 0;");
    assertThat(r.figures().capped()).extracting(cap -> cap.group() + " " + cap.need() + "->" + cap.granted())
        .containsExactly("low 20->3");
    assertThat(r.answers().get("high").replicas()).isEmpty();
  }

  @Test
  void aGroupAboveItsGrantIsLoweredAtOnceAndASteadyCapIsRecordedOnce() {
    RouteMQCluster c = fleet(8, group("low", 0, AutoscalingMode.Operator), group("high", 5, AutoscalingMode.Operator));
    // high's engine asks for 7 (490 msg/s at 70 % of 100 msg/s); low, not due, runs 6: it must give 5 back at once.
    ScalingDecision high = decide("high", 2, 490);
    assertThat(high.desiredReplicas()).isEqualTo(7);
    Map<String, GroupScaling> answers = new LinkedHashMap<>();
    answers.put("low", hold());
    answers.put("high", applied(high));

    WorkerBudgets.Result first = budgets.apply(c, running(Map.of("low", 6, "high", 2)), answers, NOW);

    assertThat(first.answers().get("low").replicas()).hasValue(1);
    ScalingEvent down = first.answers().get("low").newEvents().get(0);
    assertThat(down.getDirection()).isEqualTo("Down");
    assertThat(down.getFrom()).isEqualTo(6);
    assertThat(down.getTo()).isEqualTo(1);

    WorkerBudgets.Result again = budgets.apply(c, running(Map.of("low", 1, "high", 7)),
        Map.of("low", hold(), "high", hold()), NOW);
    assertThat(again.answers().get("low").newEvents()).as("the same cap, nothing moved").isEmpty();
    assertThat(again.answers().get("low").replicas()).isEmpty();
    assertThat(again.figures().capped()).hasSize(1);
  }

  @Test
  void aFreedGroupIsNotRaisedBetweenItsOwnDecisions() {
    RouteMQCluster c = fleet(20, group("a", 0, AutoscalingMode.Operator));
    decide("a", 2, 1400);

    // A reconcile between decisions (the answer holds): the engine wanted 20 and the budget now allows it.
    WorkerBudgets.Result r = budgets.apply(c, running(Map.of("a", 2)), Map.of("a", hold()), NOW);

    assertThat(r.figures().capped()).isEmpty();
    assertThat(r.answers().get("a").replicas()).isEmpty();
  }

  @Test
  void anHpaGroupsMaxIsItsGrantPlusHeadroomAndItsFloorAtMostItsGrant() {
    RouteMQCluster c = fleet(10, group("web", 0, AutoscalingMode.HPA), group("ingest", 5, AutoscalingMode.Operator));
    Map<String, GroupScaling> answers = new LinkedHashMap<>();
    answers.put("web", new GroupScaling(OptionalInt.empty(), OptionalInt.of(9), List.of(), null));
    answers.put("ingest", hold());

    WorkerBudgets.Result capped = budgets.apply(c, running(Map.of("web", 3, "ingest", 6)), answers, NOW);

    assertThat(capped.answers().get("web").hpaMaxReplicas()).hasValue(4);
    assertThat(capped.answers().get("web").hpaMinReplicas()).hasValue(4);
    assertThat(capped.figures().capped()).extracting(cap -> cap.need() + "->" + cap.granted())
        .containsExactly("9->4");

    answers.put("web", hold());
    WorkerBudgets.Result idle = budgets.apply(c, running(Map.of("web", 1, "ingest", 2)), answers, NOW);
    assertThat(idle.answers().get("web").hpaMaxReplicas()).as("1 granted + 7 nobody needs").hasValue(8);
    assertThat(idle.figures().capped()).isEmpty();
  }

  @Test
  void withoutABudgetTheAnswersAreUntouched() {
    RouteMQCluster c = fleet(null, group("a", 0, AutoscalingMode.Operator));
    Map<String, GroupScaling> answers = Map.of("a", new GroupScaling(OptionalInt.of(15), OptionalInt.empty(),
        List.of(), null));

    WorkerBudgets.Result r = budgets.apply(c, running(Map.of("a", 2)), answers, NOW);

    assertThat(r.answers()).isEqualTo(answers);
    assertThat(r.figures()).isNull();
  }
}
