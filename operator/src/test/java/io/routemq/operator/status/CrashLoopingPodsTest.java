package io.routemq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashLoopingPodsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

  private static Pod pod(String name, boolean ready, int restarts, Integer lastExit, Instant lastFinished,
      String waitingReason) {
    ContainerStatusBuilder c = new ContainerStatusBuilder().withName("worker").withReady(ready)
        .withRestartCount(restarts);
    if (waitingReason != null) {
      c.withState(new ContainerStateBuilder().withNewWaiting().withReason(waitingReason).endWaiting().build());
    } else {
      c.withState(new ContainerStateBuilder().withNewRunning().endRunning().build());
    }
    if (lastExit != null) {
      c.withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(lastExit)
          .withMessage("republish needs config.topic, e.g. processed/{deviceId}\n\tat somewhere")
          .withFinishedAt(lastFinished.toString()).endTerminated().build());
    }
    return new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().withContainerStatuses(c.build()).endStatus().build();
  }

  @Test
  void aPodThatKeepsFailingAtStartIsNamedWithItsLastWords() {
    Pod p = pod("demo-broken-1", false, 3, 1, NOW.minusSeconds(5), null);
    assertThat(CrashLoopingPods.describe(List.of(p), NOW)).hasValue("pod demo-broken-1 restarted 3 times, last exit"
        + " code 1: republish needs config.topic, e.g. processed/{deviceId}; see kubectl logs --previous"
        + " demo-broken-1");
  }

  @Test
  void theKubeletsBackOffIsEnoughAndOtherLoopingPodsAreCounted() {
    Pod a = pod("a", false, 1, 1, NOW.minusSeconds(5), "CrashLoopBackOff");
    Pod b = pod("b", false, 4, 137, NOW.minusSeconds(30), null);
    assertThat(CrashLoopingPods.describe(List.of(a, b), NOW)).get().asString()
        .startsWith("pod a restarted 1 times").endsWith("(2 pods crash-looping)");
  }

  @Test
  void oneCrashAReadyPodAnOldFailureOrACleanExitIsNoLoop() {
    assertThat(CrashLoopingPods.describe(List.of(
        pod("one-crash", false, 1, 1, NOW.minusSeconds(5), null),
        pod("recovered", true, 5, 1, NOW.minusSeconds(5), null),
        pod("long-ago", false, 5, 1, NOW.minus(CrashLoopingPods.RECENT).minusSeconds(1), null),
        pod("clean-exits", false, 5, 0, NOW.minusSeconds(5), null),
        pod("never-ran", false, 0, null, null, null)), NOW)).isEmpty();
  }
}
