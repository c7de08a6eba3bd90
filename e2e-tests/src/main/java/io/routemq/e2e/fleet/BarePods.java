package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.routemq.crds.routetable.WorkerContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The kubelet stand-in's part for pods no Deployment owns (the operator's session adopters): each runs once, is
 * restarted after a failure when its restartPolicy says so, and ends in phase Succeeded or Failed with its
 * container's exit code and termination message in the status, as the kubelet leaves it. A pod deleted meanwhile
 * gets SIGTERM. Not modelled: activeDeadlineSeconds, probes.
 */
final class BarePods {
  private static final System.Logger LOG = System.getLogger(BarePods.class.getName());
  private static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final String namespace;
  private final List<String> containerCommand;
  private final Path workRoot;
  private final PodMaterializer materializer;
  private final PodIpPool ips;
  private final Map<String, SimulatedPod> running = new ConcurrentHashMap<>();

  BarePods(KubernetesClient client, String namespace, List<String> containerCommand, Path workRoot,
      PodMaterializer materializer, PodIpPool ips) {
    this.client = client;
    this.namespace = namespace;
    this.containerCommand = containerCommand;
    this.workRoot = workRoot;
    this.materializer = materializer;
    this.ips = ips;
  }

  /** Whether a Deployment (the simulator's other part) owns the pod. */
  static boolean ownedByDeployment(Pod pod) {
    return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> "Deployment".equals(o.getKind()));
  }

  void sync(List<Pod> pods) {
    List<Pod> bare = pods.stream().filter(p -> !ownedByDeployment(p)).toList();
    Set<String> names = bare.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    for (String gone : new ArrayList<>(running.keySet())) {
      if (!names.contains(gone)) {
        SimulatedPod pod = running.remove(gone);
        if (pod.process != null && pod.process.isAlive()) {
          LOG.log(System.Logger.Level.INFO, "pod " + gone + " deleted: stopping its container");
          pod.process.terminate();
        }
        ips.release(pod.ip);
      }
    }
    for (Pod pod : bare) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      SimulatedPod sim = running.computeIfAbsent(pod.getMetadata().getName(),
          name -> new SimulatedPod(name, ips.take(), "bare"));
      if (sim.process == null) {
        start(pod, sim);
      } else if (!sim.process.isAlive() && sim.lastStart.plus(RESTART_BACKOFF).isBefore(Instant.now())) {
        exited(pod, sim);
      }
    }
  }

  private void start(Pod pod, SimulatedPod sim) {
    Container container = pod.getSpec().getContainers().get(0);
    Path workDir = workRoot.resolve(sim.name);
    try {
      Files.createDirectories(workDir);
      Map<String, String> env = materializer.materialize(namespace, sim.name, sim.ip, pod.getSpec(), container,
          workDir);
      env.put(WorkerContract.ENV_TERMINATION_MESSAGE_PATH, terminationLog(workDir).toString());
      sim.process = WorkerProcess.start(containerCommand,
          new PodLaunch(sim.name, sim.ip, WorkerContract.HTTP_PORT, env, workDir));
      sim.lastStart = Instant.now();
      LOG.log(System.Logger.Level.INFO, "pod " + sim.name + " started (no Deployment owns it)");
      writeStatus(sim.name, status(sim, "Running", null, null));
    } catch (PodMaterializer.ConfigError e) {
      LOG.log(System.Logger.Level.WARNING, "pod " + sim.name + " cannot start: " + e.getMessage());
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare pod directory " + workDir, e);
    }
  }

  private void exited(Pod pod, SimulatedPod sim) {
    int code = sim.process.exitCode();
    String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && code != 0);
    if (restart) {
      sim.restarts++;
      LOG.log(System.Logger.Level.INFO, "container of pod " + sim.name + " exited with " + code + "; restarting");
      sim.process = null;
      start(pod, sim);
      return;
    }
    String message = readTerminationLog(workRoot.resolve(sim.name));
    LOG.log(System.Logger.Level.INFO, "pod " + sim.name + " ended with exit code " + code);
    writeStatus(sim.name, status(sim, code == 0 ? "Succeeded" : "Failed", code, message));
  }

  private static PodStatus status(SimulatedPod sim, String phase, Integer exitCode, String message) {
    var container = new ContainerStatusBuilder().withName("worker").withReady(false).withRestartCount(sim.restarts);
    if (exitCode == null) {
      container.withStarted(true).withNewState().withNewRunning().withStartedAt(Instant.now().toString())
          .endRunning().endState();
    } else {
      container.withStarted(false).withNewState().withNewTerminated().withExitCode(exitCode)
          .withReason(exitCode == 0 ? "Completed" : "Error").withMessage(message)
          .withFinishedAt(Instant.now().toString()).endTerminated().endState();
    }
    PodStatus status = new PodStatus();
    status.setPhase(phase);
    status.setPodIP(sim.ip);
    status.setHostIP("127.0.0.1");
    status.setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("False")
        .withLastTransitionTime(Instant.now().toString()).build()));
    status.setContainerStatuses(List.of(container.build()));
    return status;
  }

  private void writeStatus(String name, PodStatus status) {
    try {
      client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
        p.setStatus(status);
        return p;
      });
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.DEBUG, "pod status write for " + name + " failed: " + e.getMessage());
    }
  }

  static Path terminationLog(Path podDir) {
    return podDir.resolve("termination-log");
  }

  /** The container's termination message, as the kubelet reads it (up to 4 KiB), or null. */
  static String readTerminationLog(Path podDir) {
    try {
      Path file = terminationLog(podDir);
      if (!Files.exists(file)) {
        return null;
      }
      String text = Files.readString(file);
      return text.length() > 4096 ? text.substring(0, 4096) : text;
    } catch (IOException e) {
      return null;
    }
  }

  /** Stops every container still running. */
  void close() {
    running.values().stream().filter(SimulatedPod::running).forEach(p -> p.process.terminate());
  }
}
