package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.routemq.crds.routetable.WorkerContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A stand-in for the kubelet, and nothing more, on a real control plane: it registers a Node, keeps it alive
 * ({@link NodeHeartbeat}), and runs the real worker process for each Pod the real scheduler binds to it, on the
 * pod's own loopback address. Deployments, ReplicaSets, rollouts and garbage collection are the real controller
 * manager's. As a kubelet it resolves env and mounts ({@link PodMaterializer}), reports phase, pod IP, conditions and
 * container statuses, runs the HTTP readiness probe, restarts containers per restartPolicy, records exit code and
 * termination message, and on deletion sends SIGTERM, waits the pod's grace period, sends SIGKILL and removes the
 * pod object. Not modelled: images (every container runs the worker application), resources, liveness and startup
 * probes, volumes other than ConfigMaps and Secrets, activeDeadlineSeconds, more than one container per pod.
 */
public final class KubeletStandIn implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KubeletStandIn.class.getName());
  private static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);
  private static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_BYTES = 2048;

  /**
   * @param nodeName the Node this stand-in registers
   * @param containerCommand the command every container runs (the image is ignored)
   * @param workRoot where pod directories (mounts, logs, termination messages) go
   * @param tick how often it looks at its pods
   */
  public record Options(String nodeName, List<String> containerCommand, Path workRoot, Duration tick) {

    /** Containers run the worker-runtime application ({@code quarkus-run.jar}) in their own JVM. */
    public static Options forWorkerApp(String nodeName, Path workerApp, List<String> jvmOptions, Path workRoot) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(workerApp.toString());
      return new Options(nodeName, List.copyOf(command), workRoot, Duration.ofMillis(250));
    }
  }

  /** One pod bound to this node. */
  private static final class NodePod {
    final String namespace;
    final String name;
    final String uid;
    final String ip;
    final Instant started = Instant.now();
    volatile Pod object;
    volatile WorkerProcess process;
    volatile Instant lastStart = Instant.EPOCH;
    volatile boolean ready;
    volatile boolean terminating;
    volatile boolean finished;
    volatile int restarts;
    volatile ContainerState lastTerminated;

    NodePod(Pod pod, String ip) {
      this.namespace = pod.getMetadata().getNamespace();
      this.name = pod.getMetadata().getName();
      this.uid = pod.getMetadata().getUid();
      this.ip = ip;
      this.object = pod;
    }

    boolean running() {
      return process != null && process.isAlive();
    }
  }

  /** How a pod's container stopped after a deletion: seconds from SIGTERM to exit, false when killed. */
  public record Termination(String pod, double seconds, boolean graceful) {}

  public record PodView(String name, String ip, long pid, boolean ready, boolean terminating, int restarts) {}

  private final KubernetesClient client;
  private final Options options;
  private final NodeHeartbeat heartbeat;
  private final PodMaterializer materializer;
  private final PodIpPool ips = new PodIpPool();
  private final Map<String, NodePod> pods = new ConcurrentHashMap<>();
  private final List<Termination> terminations = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kubelet-stand-in"));
  private final ExecutorService reaper = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kubelet-stand-in-reaper");
    t.setDaemon(true);
    return t;
  });

  public KubeletStandIn(KubernetesClient client, Options options) {
    this.client = client;
    this.options = options;
    this.heartbeat = new NodeHeartbeat(client, options.nodeName());
    this.materializer = new PodMaterializer(client);
  }

  /** Registers the Node and starts looking after its pods. */
  public KubeletStandIn start(String kubernetesVersion) {
    heartbeat.register(kubernetesVersion);
    loop.scheduleWithFixedDelay(heartbeat::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    loop.scheduleWithFixedDelay(this::tick, 0, options.tick().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    try {
      List<Pod> bound = client.pods().inAnyNamespace().withField("spec.nodeName", options.nodeName()).list()
          .getItems();
      Map<String, Pod> byUid = bound.stream().collect(Collectors.toMap(p -> p.getMetadata().getUid(), p -> p));
      for (NodePod pod : new ArrayList<>(pods.values())) {
        if (!byUid.containsKey(pod.uid)) {
          forget(pod);
        }
      }
      for (Pod object : bound) {
        sync(object);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "kubelet stand-in tick failed: " + e);
    }
  }

  /** The pod object is gone: deleted with no grace period, or by our own final delete. */
  private void forget(NodePod pod) {
    pods.remove(pod.uid);
    if (pod.running()) {
      LOG.log(System.Logger.Level.INFO, "pod " + pod.name + " was deleted without a grace period: container killed");
      pod.process.kill();
    }
    ips.release(pod.ip);
  }

  private void sync(Pod object) {
    String phase = object.getStatus() == null ? null : object.getStatus().getPhase();
    NodePod pod = pods.get(object.getMetadata().getUid());
    if (pod == null) {
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        return;
      }
      if (object.getMetadata().getDeletionTimestamp() != null) {
        finalDelete(object.getMetadata().getNamespace(), object.getMetadata().getName(), object.getMetadata().getUid());
        return;
      }
      pod = new NodePod(object, ips.take());
      pods.put(pod.uid, pod);
      startContainer(pod);
      return;
    }
    pod.object = object;
    if (object.getMetadata().getDeletionTimestamp() != null) {
      if (!pod.terminating) {
        terminate(pod);
      }
      return;
    }
    if (pod.finished) {
      return;
    }
    if (pod.process == null) {
      if (pod.lastStart.plus(RESTART_BACKOFF).isBefore(Instant.now())) {
        startContainer(pod);
      }
    } else if (!pod.process.isAlive()) {
      exited(pod);
    } else {
      probe(pod);
    }
  }

  private void startContainer(NodePod pod) {
    Pod object = pod.object;
    Container container = object.getSpec().getContainers().get(0);
    Path workDir = options.workRoot().resolve(pod.name);
    pod.lastStart = Instant.now();
    try {
      Files.createDirectories(workDir);
      Files.deleteIfExists(terminationLog(workDir));
      Map<String, String> env = materializer.materialize(pod.namespace, pod.name, pod.ip, object.getSpec(),
          container, workDir);
      env.put(WorkerContract.ENV_TERMINATION_MESSAGE_PATH, terminationLog(workDir).toString());
      pod.process = WorkerProcess.start(options.containerCommand(),
          new PodLaunch(pod.name, pod.ip, WorkerContract.HTTP_PORT, env, workDir));
      pod.ready = false;
      writeStatus(pod, "Running", new ContainerStateBuilder().withNewRunning()
          .withStartedAt(now()).endRunning().build());
    } catch (PodMaterializer.ConfigError e) {
      LOG.log(System.Logger.Level.WARNING, "pod " + pod.name + " cannot start: " + e.getMessage());
      writeStatus(pod, "Pending", new ContainerStateBuilder().withNewWaiting()
          .withReason("CreateContainerConfigError").withMessage(e.getMessage()).endWaiting().build());
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare pod directory " + workDir, e);
    }
  }

  private void exited(NodePod pod) {
    int code = pod.process.exitCode();
    ContainerState terminated = terminated(pod, code);
    String policy = Objects.requireNonNullElse(pod.object.getSpec().getRestartPolicy(), "Always");
    boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && code != 0);
    if (restart) {
      if (pod.lastStart.plus(RESTART_BACKOFF).isAfter(Instant.now())) {
        return;
      }
      // Not ready from the moment the container died: the count and readiness are read together (PodView).
      pod.ready = false;
      pod.restarts++;
      pod.lastTerminated = terminated;
      LOG.log(System.Logger.Level.INFO, "container of pod " + pod.name + " exited with " + code + "; restarting"
          + " (restart " + pod.restarts + ")");
      startContainer(pod);
      return;
    }
    pod.finished = true;
    pod.ready = false;
    LOG.log(System.Logger.Level.INFO, "pod " + pod.name + " ended with exit code " + code);
    writeStatus(pod, code == 0 ? "Succeeded" : "Failed", terminated);
    ips.release(pod.ip);
  }

  /** The readiness probe of the pod's spec (HTTP GET), or, without one, ready as soon as the container runs. */
  private void probe(NodePod pod) {
    Container container = pod.object.getSpec().getContainers().get(0);
    boolean ready = container.getReadinessProbe() == null || container.getReadinessProbe().getHttpGet() == null
        ? pod.running()
        : pod.process.probeReady(container.getReadinessProbe().getHttpGet().getPath());
    if (ready != pod.ready) {
      pod.ready = ready;
      writeStatus(pod, "Running", new ContainerStateBuilder().withNewRunning()
          .withStartedAt(pod.lastStart.truncatedTo(ChronoUnit.SECONDS).toString()).endRunning().build());
    }
  }

  /** SIGTERM, the pod's grace period, SIGKILL; then the container's end in the status and the final delete. */
  private void terminate(NodePod pod) {
    pod.terminating = true;
    pod.ready = false;
    WorkerProcess process = pod.process;
    if (process == null || !process.isAlive()) {
      finalDelete(pod.namespace, pod.name, pod.uid);
      return;
    }
    long grace = Objects.requireNonNullElse(pod.object.getMetadata().getDeletionGracePeriodSeconds(),
        Objects.requireNonNullElse(pod.object.getSpec().getTerminationGracePeriodSeconds(), 30L));
    writeStatus(pod, "Running", new ContainerStateBuilder().withNewRunning()
        .withStartedAt(pod.lastStart.truncatedTo(ChronoUnit.SECONDS).toString()).endRunning().build());
    process.terminate();
    long signalled = System.nanoTime();
    reaper.submit(() -> {
      try {
        boolean exited = process.waitForExit(Duration.ofSeconds(grace));
        terminations.add(new Termination(pod.name, (System.nanoTime() - signalled) / 1e9, exited));
        if (!exited) {
          LOG.log(System.Logger.Level.WARNING, "pod " + pod.name + " did not stop within its grace period of "
              + grace + " s: killing it");
          process.kill();
          process.waitForExit(Duration.ofSeconds(10));
        }
        writeStatus(pod, pod.object.getStatus() == null ? "Running" : pod.object.getStatus().getPhase(),
            terminated(pod, process.exitCode()));
        finalDelete(pod.namespace, pod.name, pod.uid);
      } catch (InterruptedException e) {
        process.kill();
        Thread.currentThread().interrupt();
      }
    });
  }

  /** What the kubelet does last: delete the pod object with no grace, only if it is still this pod. */
  private void finalDelete(String namespace, String name, String uid) {
    try {
      Pod current = client.pods().inNamespace(namespace).withName(name).get();
      if (current != null && uid.equals(current.getMetadata().getUid())) {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
      }
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.DEBUG, "final delete of pod " + name + " failed: " + e.getMessage());
    }
  }

  private ContainerState terminated(NodePod pod, int code) {
    String message = readTerminationLog(options.workRoot().resolve(pod.name));
    if ((message == null || message.isBlank()) && code != 0
        && "FallbackToLogsOnError".equals(pod.object.getSpec().getContainers().get(0).getTerminationMessagePolicy())) {
      message = logTail(options.workRoot().resolve(pod.name).resolve("container.log"));
    }
    return new ContainerStateBuilder().withNewTerminated().withExitCode(code)
        .withReason(code == 0 ? "Completed" : "Error").withMessage(message)
        .withStartedAt(pod.lastStart.truncatedTo(ChronoUnit.SECONDS).toString()).withFinishedAt(now())
        .endTerminated().build();
  }

  /** Edits the pod's status as the kubelet reports it; keeps what the API server set (qosClass and the like). */
  private void writeStatus(NodePod pod, String phase, ContainerState state) {
    Container container = pod.object.getSpec().getContainers().get(0);
    boolean ready = pod.ready && !pod.terminating;
    try {
      OnConflict.retry(() -> client.pods().inNamespace(pod.namespace).withName(pod.name).editStatus(p -> {
        PodStatus s = p.getStatus() == null ? new PodStatus() : p.getStatus();
        s.setPhase(phase);
        s.setPodIP(pod.ip);
        s.setPodIPs(List.of(new PodIP(pod.ip)));
        s.setHostIP("127.0.0.1");
        s.setHostIPs(List.of(new HostIP("127.0.0.1")));
        s.setStartTime(pod.started.truncatedTo(ChronoUnit.SECONDS).toString());
        s.setConditions(List.of(condition("PodReadyToStartContainers", true), condition("Initialized", true),
            condition("Ready", ready), condition("ContainersReady", ready), condition("PodScheduled", true)));
        s.setContainerStatuses(List.of(new ContainerStatusBuilder()
            .withName(container.getName())
            .withImage(container.getImage())
            .withImageID("")
            .withContainerID(pod.process == null ? null : "stand-in://" + pod.process.pid())
            .withReady(ready)
            .withStarted(state.getRunning() != null)
            .withRestartCount(pod.restarts)
            .withState(state)
            .withLastState(pod.lastTerminated)
            .build()));
        p.setStatus(s);
        return p;
      }));
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.DEBUG, "status of pod " + pod.name + " not written: " + e.getMessage());
    }
  }

  private static PodCondition condition(String type, boolean status) {
    return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
        .withLastTransitionTime(now()).build();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static Path terminationLog(Path podDir) {
    return podDir.resolve("termination-log");
  }

  /** The container's termination message, as the kubelet reads it (at most 4 KiB), or null. */
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

  private static String logTail(Path log) {
    try {
      byte[] bytes = Files.readAllBytes(log);
      int from = Math.max(0, bytes.length - LOG_TAIL_BYTES);
      return new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /** Pods of a Deployment (owned by one of its ReplicaSets, {@code <deployment>-<hash>}) that run here now. */
  public List<PodView> pods(String deployment) {
    return pods.values().stream()
        .filter(p -> ownedByReplicaSetOf(p.object, deployment))
        .map(p -> new PodView(p.name, p.ip, p.process == null ? -1 : p.process.pid(), p.ready, p.terminating,
            p.restarts))
        .toList();
  }

  private static boolean ownedByReplicaSetOf(Pod pod, String deployment) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> "ReplicaSet".equals(o.getKind())
        && o.getName().startsWith(deployment + "-")
        && o.getName().substring(deployment.length() + 1).matches("[a-z0-9]+"));
  }

  /** SIGKILLs a pod's container without deleting the pod, as a crash would; it is then restarted. */
  public void crash(String podName) {
    pods.values().stream().filter(p -> p.name.equals(podName) && p.process != null).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no running pod " + podName))
        .process.kill();
  }

  /** Every deletion that stopped a running container so far. */
  public List<Termination> terminations() {
    return List.copyOf(terminations);
  }

  /** The log files of every pod this stand-in ran, for dumping on failure. */
  public List<Path> logFiles() throws IOException {
    if (!Files.isDirectory(options.workRoot())) {
      return List.of();
    }
    try (var stream = Files.list(options.workRoot())) {
      return stream.map(dir -> dir.resolve("container.log")).filter(Files::exists).collect(Collectors.toList());
    }
  }

  /** Stops every container (SIGTERM, then SIGKILL after 30 s), as a node shutting down. */
  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<NodePod> all = List.copyOf(pods.values());
    all.stream().filter(NodePod::running).forEach(p -> p.process.terminate());
    for (NodePod pod : all) {
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
