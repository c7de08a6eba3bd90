package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.crds.routetable.WorkerContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A stand-in for kubelet and the Deployment controller — not a cluster. It watches the
 * Deployments of one namespace on the local API server and, for each replica, runs a real worker
 * process (the container image is ignored: every container runs the worker-runtime application),
 * writes the Pod object with its loopback IP and readiness, and keeps the Deployment's status.
 *
 * <p>What it models: scale up and down, rolling replacement on a template change (surge, then
 * remove old pods as new ones become ready), the Recreate strategy, SIGTERM then SIGKILL after the
 * pod's grace period, container restart after a crash, and garbage collection of the pods of a
 * deleted Deployment. What it does not: ReplicaSets, scheduling, resource limits, probes other than
 * readiness.
 */
public final class NodeSimulator implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NodeSimulator.class.getName());
  private static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);

  /**
   * @param containerCommand the command every container runs (the image is ignored)
   * @param workRoot where pod directories (mounts, logs) go
   * @param tick how often the simulator reconciles
   */
  public record Options(List<String> containerCommand, Path workRoot, Duration tick) {

    /** Containers run the worker-runtime application ({@code quarkus-run.jar}) in their own JVM. */
    public static Options forWorkerApp(Path workerApp, List<String> jvmOptions, Path workRoot) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(workerApp.toString());
      return new Options(List.copyOf(command), workRoot, Duration.ofMillis(250));
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final Options options;
  private final PodMaterializer materializer;
  private final PodIpPool ips = new PodIpPool();
  private final BarePods barePods;
  private final Map<String, List<SimulatedPod>> podsByDeployment = new ConcurrentHashMap<>();
  private final Map<String, DeploymentStatus> writtenStatus = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "node-simulator"));
  private final ExecutorService reaper = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "node-simulator-reaper");
    t.setDaemon(true);
    return t;
  });

  public NodeSimulator(KubernetesClient client, String namespace, Options options) {
    this.client = client;
    this.namespace = namespace;
    this.options = options;
    this.materializer = new PodMaterializer(client);
    this.barePods = new BarePods(client, namespace, options.containerCommand(), options.workRoot(), materializer, ips);
  }

  public NodeSimulator start() {
    loop.scheduleWithFixedDelay(this::tick, 0, options.tick().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    try {
      List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems();
      List<Pod> podList = client.pods().inNamespace(namespace).list().getItems();
      Set<String> podObjects = podList.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
      barePods.sync(podList);
      Set<String> seen = new HashSet<>();
      for (Deployment d : deployments) {
        seen.add(d.getMetadata().getName());
        sync(d, podObjects);
      }
      for (String gone : new ArrayList<>(podsByDeployment.keySet())) {
        if (!seen.contains(gone)) {
          collectGarbage(gone);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "node simulator tick failed: " + e);
    }
  }

  private void sync(Deployment d, Set<String> podObjects) {
    String name = d.getMetadata().getName();
    List<SimulatedPod> pods = podsByDeployment.computeIfAbsent(name, k -> new ArrayList<>());
    int desired = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    String hash = templateHash(d);
    forceDeleted(pods, podObjects);
    reap(d, pods);
    probe(d, pods);

    List<SimulatedPod> live = pods.stream().filter(p -> !p.terminating).toList();
    List<SimulatedPod> current = live.stream().filter(p -> p.templateHash.equals(hash)).toList();
    List<SimulatedPod> old = live.stream().filter(p -> !p.templateHash.equals(hash)).toList();
    boolean recreate =
        d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    boolean oldStillRunning = pods.stream().anyMatch(p -> !p.templateHash.equals(hash));

    if (recreate) {
      old.forEach(p -> terminate(d, p));
    } else {
      // Rolling update: keep old pods only while the new ones are not ready yet.
      long readyNew = current.stream().filter(p -> p.ready).count();
      long oldAllowed = Math.max(0, desired - readyNew);
      surplus(old, old.size() - oldAllowed).forEach(p -> terminate(d, p));
    }
    if (current.size() < desired && !(recreate && oldStillRunning)) {
      for (int i = current.size(); i < desired; i++) {
        pods.add(createPod(d, hash));
      }
    } else if (current.size() > desired) {
      surplus(current, current.size() - desired).forEach(p -> terminate(d, p));
    }
    writeDeploymentStatus(d, pods, hash);
  }

  /** Which pods go first on scale-down: not ready before ready, then newest first. */
  private static List<SimulatedPod> surplus(List<SimulatedPod> pods, long count) {
    return pods.stream()
        .sorted(Comparator.comparing((SimulatedPod p) -> p.ready)
            .thenComparing((SimulatedPod p) -> p.created, Comparator.reverseOrder()))
        .limit(Math.max(0, count))
        .toList();
  }

  /**
   * A pod whose object someone else deleted (the mock API server removes it at once, as a real one does with
   * {@code --grace-period=0 --force}): its container is killed on the spot, like a lost node's, and the Deployment
   * side of the simulator replaces it with a pod of a new name.
   */
  private void forceDeleted(List<SimulatedPod> pods, Set<String> podObjects) {
    for (SimulatedPod pod : new ArrayList<>(pods)) {
      if (!pod.terminating && !podObjects.contains(pod.name)) {
        pods.remove(pod);
        if (pod.process != null) {
          pod.process.kill();
        }
        ips.release(pod.ip);
        LOG.log(System.Logger.Level.INFO, "pod " + pod.name + " was deleted without a grace period: container killed");
      }
    }
  }

  private void reap(Deployment d, List<SimulatedPod> pods) {
    for (SimulatedPod pod : new ArrayList<>(pods)) {
      if (pod.terminating && !pod.running()) {
        pods.remove(pod);
        reportTerminated(pod);
        deletePodObject(pod);
        ips.release(pod.ip);
        LOG.log(System.Logger.Level.INFO, "pod " + pod.name + " terminated"
            + (pod.process == null ? "" : " (exit " + pod.process.exitCode() + ")"));
      } else if (!pod.terminating && pod.process != null && !pod.process.isAlive()
          && pod.lastStart.plus(RESTART_BACKOFF).isBefore(Instant.now())) {
        // restartPolicy Always: kubelet restarts the container in the same pod.
        pod.restarts++;
        LOG.log(System.Logger.Level.INFO, "container of pod " + pod.name + " exited with "
            + pod.process.exitCode() + "; restarting (restart " + pod.restarts + ")");
        startContainer(d, pod);
      } else if (!pod.terminating && pod.process == null) {
        startContainer(d, pod);
      }
    }
  }

  private void probe(Deployment d, List<SimulatedPod> pods) {
    for (SimulatedPod pod : pods) {
      boolean ready = !pod.terminating && pod.process != null
          && pod.process.probeReady(WorkerContract.READINESS_PATH);
      if (ready != pod.ready) {
        pod.ready = ready;
        writePodStatus(pod);
        if (ready) {
          LOG.log(System.Logger.Level.INFO, "pod " + pod.name + " ready at " + pod.ip);
        }
      }
    }
  }

  private SimulatedPod createPod(Deployment d, String hash) {
    String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    SimulatedPod pod = new SimulatedPod(d.getMetadata().getName() + "-" + hash + "-" + suffix, ips.take(), hash);
    Map<String, String> labels = new java.util.HashMap<>(
        Objects.requireNonNullElse(d.getSpec().getTemplate().getMetadata().getLabels(), Map.of()));
    labels.put("pod-template-hash", hash);
    Pod object = new PodBuilder()
        .withNewMetadata()
        .withName(pod.name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(d.getSpec().getTemplate().getMetadata().getAnnotations())
        // Simplification: a real pod is owned by a ReplicaSet, which is owned by the Deployment.
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(d.getMetadata().getName())
        .withUid(d.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withSpec(d.getSpec().getTemplate().getSpec())
        .withNewStatus()
        .withPhase("Pending")
        .withPodIP(pod.ip)
        .withHostIP("127.0.0.1")
        .endStatus()
        .build();
    client.pods().inNamespace(namespace).resource(object).create();
    startContainer(d, pod);
    return pod;
  }

  private void startContainer(Deployment d, SimulatedPod pod) {
    Container container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    Path workDir = options.workRoot().resolve(pod.name);
    try {
      Files.createDirectories(workDir);
      Map<String, String> env = materializer.materialize(
          namespace, pod.name, pod.ip, d.getSpec().getTemplate().getSpec(), container, workDir);
      env.put(WorkerContract.ENV_TERMINATION_MESSAGE_PATH, BarePods.terminationLog(workDir).toString());
      pod.process = WorkerProcess.start(options.containerCommand(),
          new PodLaunch(pod.name, pod.ip, WorkerContract.HTTP_PORT, env, workDir));
      pod.lastStart = Instant.now();
      pod.waitingReason = null;
    } catch (PodMaterializer.ConfigError e) {
      if (!e.getMessage().equals(pod.waitingReason)) {
        LOG.log(System.Logger.Level.WARNING, "pod " + pod.name + " cannot start: " + e.getMessage());
      }
      pod.waitingReason = e.getMessage();
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare pod directory " + workDir, e);
    }
    writePodStatus(pod);
  }

  private void terminate(Deployment d, SimulatedPod pod) {
    pod.terminating = true;
    pod.ready = false;
    writePodStatus(pod);
    if (pod.process == null) {
      return;
    }
    long grace = Objects.requireNonNullElse(
        d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds(), 30L);
    pod.process.terminate();
    WorkerProcess process = pod.process;
    long signalled = System.nanoTime();
    reaper.submit(() -> {
      try {
        boolean exited = process.waitForExit(Duration.ofSeconds(grace));
        terminations.add(new Termination(pod.name, (System.nanoTime() - signalled) / 1e9, exited));
        if (!exited) {
          LOG.log(System.Logger.Level.WARNING, "pod " + pod.name + " did not stop within its grace period of "
              + grace + " s: killing it");
          process.kill();
        }
      } catch (InterruptedException e) {
        process.kill();
        Thread.currentThread().interrupt();
      }
    });
  }

  private void collectGarbage(String deployment) {
    List<SimulatedPod> pods = podsByDeployment.get(deployment);
    boolean anyRunning = false;
    for (SimulatedPod pod : new ArrayList<>(pods)) {
      if (!pod.terminating && pod.process != null) {
        pod.terminating = true;
        pod.process.terminate();
      }
      if (pod.running()) {
        anyRunning = true;
      } else {
        pods.remove(pod);
        deletePodObject(pod);
        ips.release(pod.ip);
      }
    }
    if (!anyRunning && pods.isEmpty()) {
      podsByDeployment.remove(deployment);
      writtenStatus.remove(deployment);
    }
  }

  private void writePodStatus(SimulatedPod pod) {
    try {
      client.pods().inNamespace(namespace).withName(pod.name).editStatus(p -> {
        // With a status subresource, create drops the status we sent, as a real API server does.
        if (p.getStatus() == null) {
          p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        p.getStatus().setPodIP(pod.ip);
        p.getStatus().setHostIP("127.0.0.1");
        PodCondition ready = new PodConditionBuilder()
            .withType("Ready")
            .withStatus(pod.ready ? "True" : "False")
            .withLastTransitionTime(Instant.now().toString())
            .build();
        p.getStatus().setPhase(pod.process == null ? "Pending" : "Running");
        p.getStatus().setConditions(List.of(ready));
        p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
            .withName(p.getSpec().getContainers().get(0).getName())
            .withReady(pod.ready)
            .withStarted(pod.running())
            .withRestartCount(pod.restarts)
            .build()));
        return p;
      });
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.DEBUG, "pod status write for " + pod.name + " failed: " + e.getMessage());
    }
  }

  /**
   * The container's end as the kubelet records it before the pod object goes: exit code and termination message
   * (the operator reads from it whether the worker ended its broker session).
   */
  private void reportTerminated(SimulatedPod pod) {
    if (pod.process == null) {
      return;
    }
    String message = BarePods.readTerminationLog(options.workRoot().resolve(pod.name));
    try {
      client.pods().inNamespace(namespace).withName(pod.name).editStatus(p -> {
        if (p.getStatus() == null) {
          p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
            .withName(p.getSpec().getContainers().get(0).getName())
            .withReady(false)
            .withStarted(false)
            .withRestartCount(pod.restarts)
            .withNewState().withNewTerminated().withExitCode(pod.process.exitCode()).withMessage(message)
            .withFinishedAt(Instant.now().toString()).endTerminated().endState()
            .build()));
        return p;
      });
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.DEBUG, "pod status write for " + pod.name + " failed: " + e.getMessage());
    }
  }

  private void deletePodObject(SimulatedPod pod) {
    client.pods().inNamespace(namespace).withName(pod.name).delete();
  }

  private void writeDeploymentStatus(Deployment d, List<SimulatedPod> pods, String hash) {
    List<SimulatedPod> live = pods.stream().filter(p -> !p.terminating).toList();
    int ready = (int) live.stream().filter(p -> p.ready).count();
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(live.size())
        .withUpdatedReplicas((int) live.stream().filter(p -> p.templateHash.equals(hash)).count())
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUnavailableReplicas(Math.max(0, live.size() - ready))
        .build();
    String name = d.getMetadata().getName();
    if (status.equals(writtenStatus.get(name)) && status.equals(d.getStatus())) {
      return;
    }
    try {
      client.apps().deployments().inNamespace(namespace).withName(name).editStatus(current -> {
        current.setStatus(status);
        return current;
      });
      writtenStatus.put(name, status);
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.DEBUG, "deployment status write for " + name + " failed: " + e.getMessage());
    }
  }

  static String templateHash(Deployment d) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Serialization.asJson(d.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A read-only view of a pod, for tests and the sandbox. */
  /**
   * How a pod's worker stopped after SIGTERM.
   *
   * @param seconds from SIGTERM to exit (or to the grace period's end)
   * @param graceful false when it had to be killed
   */
  public record Termination(String pod, double seconds, boolean graceful) {}

  private final List<Termination> terminations = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Every scale-down or rollout termination so far (not crashes, not shutdown of the simulator). */
  public List<Termination> terminations() {
    return List.copyOf(terminations);
  }

  public record PodView(String name, String ip, long pid, boolean ready, boolean terminating, int restarts) {}

  public List<PodView> pods(String deployment) {
    return podsByDeployment.getOrDefault(deployment, List.of()).stream()
        .map(p -> new PodView(p.name, p.ip, p.process == null ? -1 : p.process.pid(), p.ready, p.terminating,
            p.restarts))
        .toList();
  }

  /** SIGKILLs a pod's container without deleting the pod, as a crash would; kubelet then restarts it. */
  public void crash(String podName) {
    podsByDeployment.values().stream()
        .flatMap(List::stream)
        .filter(p -> p.name.equals(podName) && p.process != null)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no running pod " + podName))
        .process.kill();
  }

  /** The log files of every pod the simulator ran, for dumping on failure. */
  public List<Path> logFiles() throws IOException {
    if (!Files.isDirectory(options.workRoot())) {
      return List.of();
    }
    try (var stream = Files.list(options.workRoot())) {
      return stream.map(dir -> dir.resolve("container.log")).filter(Files::exists).collect(Collectors.toList());
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      // A tick still under way may be starting pods: wait for it, or they would outlive us.
      loop.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    barePods.close();
    List<SimulatedPod> all = podsByDeployment.values().stream().flatMap(List::stream).toList();
    all.stream().filter(SimulatedPod::running).forEach(p -> p.process.terminate());
    for (SimulatedPod pod : all) {
      try {
        if (pod.process != null && !pod.process.waitForExit(Duration.ofSeconds(30))) {
          pod.process.kill();
        }
      } catch (InterruptedException e) {
        pod.process.kill();
        Thread.currentThread().interrupt();
      }
    }
    reaper.shutdownNow();
  }
}
