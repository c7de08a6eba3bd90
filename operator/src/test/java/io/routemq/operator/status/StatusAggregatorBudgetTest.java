package io.routemq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Condition ScalingLimited under spec.workerBudget. */
class StatusAggregatorBudgetTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static GroupObservation group(String name, int n) {
    return new GroupObservation(name, "c-" + name, "Operator", "h", true, n, n, n, true, null, null);
  }

  private static GroupScalingFigures figures(boolean limited, String message) {
    return new GroupScalingFigures(4, 10, 10, 100.0, 0, null, T0.toString(), true, limited, false, message);
  }

  private static Condition limited(RouteMQClusterStatus s) {
    return s.getConditions().stream().filter(c -> c.getType().equals("ScalingLimited")).findFirst().orElseThrow();
  }

  private static WorkerBudgetFigures capped(WorkerBudgetFigures.Cap... caps) {
    return new WorkerBudgetFigures(10, List.of(caps));
  }

  @Test
  void namesEveryCappedGroupWithItsNeedGrantAndPriorityAndWhatToDo() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(group("a", 8)).group(group("b", 2))
        .autoscaling("a", figures(false, "fine"))
        .workerBudget(capped(new WorkerBudgetFigures.Cap("b", 0, 6, 2)))
        .build();

    Condition c = limited(s);
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("BudgetCapped");
    assertThat(c.getMessage()).isEqualTo("budget 10: group b capped 6->2 (priority 0);"
        + " raise spec.workerBudget.maxWorkers or the capped groups' priority");
  }

  @Test
  void aGroupsOwnLimitIsAppendedToTheBudgetsMessage() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(group("a", 8)).group(group("b", 2))
        .autoscaling("a", figures(true, "held at max 8"))
        .workerBudget(capped(new WorkerBudgetFigures.Cap("b", -3, 4, 2), new WorkerBudgetFigures.Cap("c", -5, 3, 1)))
        .build();

    assertThat(limited(s).getMessage()).startsWith("budget 10: group b capped 4->2 (priority -3),"
        + " group c capped 3->1 (priority -5);").endsWith("; also held by their own limits: a: held at max 8");
  }

  @Test
  void theCapIsShownBeforeAnyGroupHasFigures() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(group("b", 2))
        .workerBudget(capped(new WorkerBudgetFigures.Cap("b", 0, 6, 2)))
        .build();

    assertThat(limited(s).getStatus()).isEqualTo("True");
  }

  @Test
  void whenNothingIsCappedAnyMoreTheConditionGoesBackToTheGroupsOwnLimits() {
    RouteMQClusterStatus before = new StatusAggregator(null, 1L, T0).group(group("b", 2))
        .workerBudget(capped(new WorkerBudgetFigures.Cap("b", 0, 6, 2)))
        .build();

    RouteMQClusterStatus after = new StatusAggregator(before, 1L, T0.plusSeconds(30)).group(group("b", 6))
        .workerBudget(capped())
        .build();

    assertThat(limited(after).getStatus()).isEqualTo("False");
    assertThat(limited(after).getReason()).isEqualTo("WithinLimits");
  }

  @Test
  void withoutABudgetTheConditionIsTheGroupsOwn() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(group("a", 8))
        .autoscaling("a", figures(true, "held at max 8"))
        .build();

    assertThat(limited(s).getReason()).isEqualTo("LimitReached");
    assertThat(limited(s).getMessage()).isEqualTo("a: held at max 8");
  }

  @Test
  void theTransitionTimeStaysWhileTheCapHolds() {
    RouteMQClusterStatus first = new StatusAggregator(null, 1L, T0).group(group("a", 8)).group(group("b", 2))
        .autoscaling("a", figures(false, "fine"))
        .workerBudget(capped(new WorkerBudgetFigures.Cap("b", 0, 6, 2)))
        .build();

    RouteMQClusterStatus later = new StatusAggregator(first, 1L, T0.plusSeconds(30)).group(group("a", 8))
        .group(group("b", 2))
        .autoscaling("a", figures(false, "fine"))
        .workerBudget(capped(new WorkerBudgetFigures.Cap("b", 0, 6, 2)))
        .build();

    assertThat(limited(later).getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(StatusAggregator.changed(first, later)).as("nothing new to write").isFalse();
  }
}
