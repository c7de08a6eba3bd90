package io.routemq.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a group's workers that keep dying. The Deployment controller does not: a pod whose container exits at
 * start-up is "progressing" for the Deployment until its progress deadline (10 minutes by default), while the kubelet
 * restarts it with a growing back-off. A worker exits at start-up when it cannot run its routes (a handler config of
 * the wrong type, a missing file), so this is how a bad spec that only the worker can judge reaches the status.
 */
public final class CrashLoopingPods {
  /** The kubelet's back-off starts with the second restart; one restart is a crash, not yet a loop. */
  static final int RESTARTS = 2;
  /** A death this long ago is history: the pod may be starting again after a one-off failure. */
  static final Duration RECENT = Duration.ofMinutes(5);
  private static final int MESSAGE_LIMIT = 300;

  private CrashLoopingPods() {}

  /**
   * What to say about the group's crash-looping pods, or empty when none loops. A pod loops when its container is
   * not ready and either the kubelet says {@code CrashLoopBackOff} or it restarted at least {@link #RESTARTS} times,
   * the last time recently and with a non-zero exit code.
   */
  public static Optional<String> describe(List<Pod> pods, Instant now) {
    List<String> looping = new ArrayList<>();
    String first = null;
    for (Pod pod : pods) {
      ContainerStatus c = container(pod);
      if (c == null || Boolean.TRUE.equals(c.getReady()) || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      boolean backOff = c.getState() != null && c.getState().getWaiting() != null
          && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason());
      ContainerStateTerminated last = c.getLastState() == null ? null : c.getLastState().getTerminated();
      int restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
      boolean failedRecently = last != null && last.getExitCode() != null && last.getExitCode() != 0
          && recent(last.getFinishedAt(), now);
      if (!backOff && !(restarts >= RESTARTS && failedRecently)) {
        continue;
      }
      looping.add(pod.getMetadata().getName());
      if (first == null) {
        String name = pod.getMetadata().getName();
        first = "pod " + name + " restarted " + restarts + " times"
            + (last == null ? "" : ", last exit code " + last.getExitCode() + message(last))
            + "; see kubectl logs --previous " + name;
      }
    }
    if (looping.isEmpty()) {
      return Optional.empty();
    }
    String others = looping.size() == 1 ? "" : " (" + looping.size() + " pods crash-looping)";
    return Optional.of(first + others);
  }

  private static ContainerStatus container(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        || pod.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().get(0);
  }

  private static boolean recent(String finishedAt, Instant now) {
    if (finishedAt == null) {
      return false;
    }
    try {
      return Instant.parse(finishedAt).isAfter(now.minus(RECENT));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The container's termination message (the worker writes why it stopped), first line, bounded. */
  private static String message(ContainerStateTerminated last) {
    String m = last.getMessage();
    if (m == null || m.isBlank()) {
      return "";
    }
    String line = m.strip().lines().findFirst().orElse("");
    return ": " + (line.length() > MESSAGE_LIMIT ? line.substring(0, MESSAGE_LIMIT) + "…" : line);
  }
}
