package io.routemq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.RouteMQClusterStatus;
import io.routemq.crds.v1alpha1.ScalingEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  private static GroupObservation ready(String name, int n) {
    return new GroupObservation(name, "c-" + name, "Off", "h", true, n, n, n, true, null, null);
  }

  private static GroupObservation rolling(String name, int desired, int ready) {
    return new GroupObservation(name, "c-" + name, "Off", "h", true, desired, ready, ready, false, null, null);
  }

  private static Condition condition(RouteMQClusterStatus s, String type) {
    return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void allGroupsReadyMakesTheClusterReady() {
    RouteMQClusterStatus s = new StatusAggregator(null, 4L, T0).group(ready("a", 2)).group(ready("b", 1)).build();
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("False");
    // kstatus: observedGeneration current and both abnormal-true conditions False = Current.
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("False");
    assertThat(s.getObservedGeneration()).isEqualTo(4L);
    assertThat(s.getWorkers()).isEqualTo("3/3");
    assertThat(s.getGroupCount()).isEqualTo(2);
    assertThat(s.getGroups()).extracting(GroupStatus::getDesiredReplicas).containsExactly(2, 1);
  }

  @Test
  void aGroupStillRollingMakesItProgressingAndNotReady() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(ready("a", 2)).group(rolling("b", 3, 1)).build();
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("WorkersNotReady");
    assertThat(condition(s, "Ready").getMessage()).contains("b 1/3");
    assertThat(condition(s, "Progressing").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("False");
    assertThat(s.getWorkers()).isEqualTo("3/5");
  }

  @Test
  void lastTransitionTimeIsKeptWhileTheStatusStaysTheSame() {
    RouteMQClusterStatus first = new StatusAggregator(null, 1L, T0).group(rolling("a", 2, 0)).build();
    RouteMQClusterStatus second = new StatusAggregator(first, 1L, T1).group(rolling("a", 2, 1)).build();
    assertThat(condition(second, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(condition(second, "Ready").getMessage()).contains("a 1/2");
  }

  @Test
  void lastTransitionTimeMovesWhenTheStatusFlips() {
    RouteMQClusterStatus first = new StatusAggregator(null, 1L, T0).group(rolling("a", 2, 0)).build();
    RouteMQClusterStatus second = new StatusAggregator(first, 1L, T1).group(ready("a", 2)).build();
    assertThat(condition(second, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(condition(second, "Degraded").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void aRejectedSpecIsNotReadyWithTheProblemAsReason() {
    RouteMQClusterStatus s = new StatusAggregator(null, 2L, T0)
        .specRejected("SecretNotFound", "Secret \"x\" does not exist").group(ready("a", 2)).build();
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("SecretNotFound");
    assertThat(condition(s, "Ready").getMessage()).contains("Secret \"x\"");
    assertThat(condition(s, "Progressing").getReason()).isEqualTo(StatusAggregator.SPEC_REJECTED);
    assertThat(StatusAggregator.isSpecRejected(s)).isTrue();
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("SecretNotFound");
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("False");
  }

  @Test
  void aFailedDeploymentMakesItDegraded() {
    GroupObservation failed = new GroupObservation("a", "c-a", "Off", "h", true, 2, 0, 0, false,
        GroupObservation.DEPLOYMENT_FAILED, "ProgressDeadlineExceeded: too slow");
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(failed).build();
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getMessage()).contains("ProgressDeadlineExceeded");
    // Given up, not in progress: kstatus reads Failed, so a GitOps tool stops waiting.
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("False");
  }

  @Test
  void aCrashLoopingGroupMakesItDegradedAndStalledWhileTheOthersStayCounted() {
    GroupObservation looping = new GroupObservation("broken", "c-broken", "Off", "h", true, 1, 0, 0, true,
        GroupObservation.CRASH_LOOPING, "pod c-broken-1 restarted 3 times, last exit code 1: bad config");
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(ready("a", 3)).group(looping).build();
    assertThat(condition(s, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Degraded").getReason()).isEqualTo(GroupObservation.CRASH_LOOPING);
    assertThat(condition(s, "Degraded").getMessage()).contains("broken: pod c-broken-1", "bad config");
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo(GroupObservation.CRASH_LOOPING);
    assertThat(s.getReadyWorkers()).isEqualTo(3);
  }

  @Test
  void aFailedDeploymentOutranksACrashLoopInTheReason() {
    GroupObservation looping = new GroupObservation("b", "c-b", "Off", "h", true, 1, 0, 0, true,
        GroupObservation.CRASH_LOOPING, "pod c-b-1 restarted 2 times");
    GroupObservation failed = new GroupObservation("a", "c-a", "Off", "h", true, 2, 0, 0, false,
        GroupObservation.DEPLOYMENT_FAILED, "ProgressDeadlineExceeded: too slow");
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(looping).group(failed).build();
    assertThat(condition(s, "Degraded").getReason()).isEqualTo(GroupObservation.DEPLOYMENT_FAILED);
    assertThat(condition(s, "Degraded").getMessage()).contains("c-b-1", "ProgressDeadlineExceeded");
  }

  @Test
  void autoscalerFieldsAndConditionsAreCarriedOver() {
    RouteMQClusterStatus before = new StatusAggregator(null, 1L, T0).group(ready("a", 2)).build();
    before.setBacklog(42L);
    before.getGroups().get(0).setArrivalRate(12.5);
    Condition metrics = new Condition(T0.toString(), "ok", 1L, "Fresh", "True", "MetricsAvailable");
    before.getConditions().add(metrics);
    RouteMQClusterStatus after = new StatusAggregator(before, 1L, T1).group(ready("a", 2)).build();
    assertThat(after.getBacklog()).isEqualTo(42L);
    assertThat(after.getGroups().get(0).getArrivalRate()).isEqualTo(12.5);
    assertThat(condition(after, "MetricsAvailable").getReason()).isEqualTo("Fresh");
  }

  @Test
  void aFailedLastRetryMakesItDegradedAndKeepsTheRest() {
    RouteMQClusterStatus before = new StatusAggregator(null, 1L, T0).group(ready("a", 2)).build();
    RouteMQClusterStatus failed = StatusAggregator.reconcileFailed(before, 1L, T1, "API server unavailable");
    assertThat(condition(failed, "Degraded").getStatus()).isEqualTo("True");
    assertThat(condition(failed, "Degraded").getReason()).isEqualTo(StatusAggregator.RECONCILE_FAILED);
    assertThat(condition(failed, "Degraded").getMessage()).contains("API server unavailable");
    assertThat(condition(failed, "Degraded").getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(failed, "Stalled").getStatus()).isEqualTo("True");
    assertThat(failed.getWorkers()).isEqualTo("2/2");

    RouteMQClusterStatus healed = new StatusAggregator(failed, 1L, T1).group(ready("a", 2)).build();
    assertThat(condition(healed, "Degraded").getStatus()).isEqualTo("False");
    assertThat(condition(healed, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void anUnchangedWorldWritesNothing() {
    RouteMQClusterStatus first = new StatusAggregator(null, 1L, T0).group(ready("a", 2)).build();
    RouteMQClusterStatus again = new StatusAggregator(first, 1L, T1).group(ready("a", 2)).build();
    assertThat(StatusAggregator.changed(first, again)).isFalse();
    RouteMQClusterStatus moved = new StatusAggregator(first, 1L, T1).group(rolling("a", 3, 2)).build();
    assertThat(StatusAggregator.changed(first, moved)).isTrue();
    assertThat(List.of(first)).isNotEmpty();
  }

  private static ScalingEvent event(String group, int from, int to, String direction, boolean applied, String time) {
    ScalingEvent e = new ScalingEvent();
    e.setGroup(group);
    e.setFrom(from);
    e.setTo(to);
    e.setDirection(direction);
    e.setApplied(applied);
    e.setReason("Test");
    e.setTime(time);
    return e;
  }

  private static GroupScalingFigures figures(double rate, long depth, boolean metricsAvailable) {
    return new GroupScalingFigures(2, rate, rate, 100.0, depth, null, T0.toString(), metricsAvailable, false, false,
        "why");
  }

  @Test
  void historyIsNewestFirstAndBoundedByTheLimit() {
    RouteMQClusterStatus s = null;
    for (int i = 1; i <= 5; i++) {
      s = new StatusAggregator(s, 1L, T0).historyLimit(3).group(ready("a", i))
          .scalingEvent(event("a", i - 1, i, "Up", true, "2026-01-01T00:00:0" + i + "Z")).build();
    }
    assertThat(s.getScalingHistory()).extracting(ScalingEvent::getTo).containsExactly(5, 4, 3);
    assertThat(s.getLastScale()).isEqualTo("a 4->5");
    assertThat(s.getLastScaleTime()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(s.getGroups().get(0).getLastScaleTime()).isEqualTo("2026-01-01T00:00:05Z");
  }

  @Test
  void severalEventsOfOneReconcileKeepTheirOrderAndABlockedOneDoesNotMoveTheGroupsScaleTime() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(ready("a", 2))
        .scalingEvent(event("a", 1, 2, "Up", true, "2026-01-01T00:00:01Z"))
        .scalingEvent(event("a", 2, 1, "Blocked", false, "2026-01-01T00:00:02Z")).build();
    assertThat(s.getScalingHistory()).extracting(ScalingEvent::getDirection).containsExactly("Blocked", "Up");
    assertThat(s.getLastScale()).isEqualTo("a 2->1 blocked");
    assertThat(s.getGroups().get(0).getLastScaleTime()).isEqualTo("2026-01-01T00:00:01Z");
  }

  @Test
  void historyLimitZeroKeepsNone() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).historyLimit(0).group(ready("a", 2))
        .scalingEvent(event("a", 1, 2, "Up", true, "2026-01-01T00:00:01Z")).build();
    assertThat(s.getScalingHistory()).isEmpty();
    assertThat(s.getLastScale()).isEqualTo("a 1->2");
  }

  @Test
  void figuresFillTheGroupAndTheTotalsAndStaleMetricsSetTheCondition() {
    RouteMQClusterStatus s = new StatusAggregator(null, 1L, T0).group(ready("a", 2)).group(ready("b", 1))
        .autoscaling("a", figures(120.5, 30, true)).autoscaling("b", figures(10, 5, false)).build();
    assertThat(s.getGroups().get(0).getMessagesPerSecond()).isEqualTo(120.5);
    assertThat(s.getMessagesPerSecond()).isEqualTo(131L);
    assertThat(s.getBacklog()).isEqualTo(35L);
    assertThat(condition(s, "MetricsAvailable").getStatus()).isEqualTo("False");
    assertThat(condition(s, "MetricsAvailable").getMessage()).contains("b: why").doesNotContain("a: why");

    RouteMQClusterStatus later = new StatusAggregator(s, 1L, T1).group(ready("a", 2)).group(ready("b", 1))
        .autoscaling("b", figures(10, 5, true)).build();
    assertThat(later.getGroups().get(0).getMessagesPerSecond()).as("a's figures carried over").isEqualTo(120.5);
    assertThat(condition(later, "MetricsAvailable").getStatus()).isEqualTo("True");
  }
}
