package io.routemq.e2e.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.routemq.e2e.kube.FreePorts;
import io.routemq.e2e.kube.KubeComponents;
import io.routemq.e2e.kube.RealControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Kubernetes node beside a {@link RealControlPlane}: kubelet (built from the pinned release) on Debian's
 * containerd and runc, pods on a CNI bridge that only this machine can reach. {@code e2e-tests/node/start-node.sh}
 * and {@code stop-node.sh} do the work; this class gives them the kubelet's credentials from the control plane's
 * PKI, waits for the Node to turn Ready, imports images, and on close (or JVM exit) stops the node leaving no
 * process, mount, network namespace, bridge or cgroup behind. One node per machine: kubelet's device-plugin socket
 * is a fixed path.
 */
public final class RealNode implements AutoCloseable {

  public static final String NAME = "routemq-node";
  /** The node's address on the pod bridge: its InternalIP, and how the host and the pods reach each other. */
  public static final String NODE_IP = "10.244.0.1";
  public static final String POD_SUBNET = "10.244.0.0/24";
  static final String BRIDGE = "routemq0";
  // Unix socket paths have a 108-byte limit; the longest the node makes under its run folder is kubelet's
  // pod-resources socket.
  private static final String LONGEST_SOCKET = "/kubelet/data/pod-resources/kubelet.sock";
  private static final int SOCKET_PATH_MAX = 107;
  // Measured: start-node.sh 5-9 s, Ready 1.3-1.8 s after kubelet starts (2 cores shared with a benchmark). The bounds
  // leave room for a loaded CI machine and the first build of the pause and Java images (~5 s).
  private static final Duration SCRIPT_BOUND = Duration.ofMinutes(5);
  private static final Duration READY_BOUND = Duration.ofSeconds(120);
  private static final Duration STOP_BOUND = Duration.ofSeconds(90);

  private final RealControlPlane plane;
  private final Network network;
  private final Path runDir;
  private final Thread shutdownHook = new Thread(this::stopNode, "real-node-stop");
  private Duration startUp = Duration.ZERO;
  private boolean closed;

  private RealNode(RealControlPlane plane, Network network) {
    this.plane = plane;
    this.network = network;
    this.runDir = network.runDir();
  }

  /**
   * Starts the node with its state in {@code workDir} (containerd's root, kubelet's root-dir, logs), after stopping
   * whatever an earlier run there left (a JVM killed with SIGKILL runs no shutdown hook). Returns once the Node
   * reports Ready with a heartbeat from this kubelet.
   */
  public static RealNode start(RealControlPlane plane, Path workDir) {
    return start(plane, network(workDir));
  }

  /**
   * {@code preferred} when the node's longest unix socket path fits under it, else a short folder in the temporary
   * directory named after it (a deep checkout, as on some CI machines, would otherwise keep the node from starting).
   */
  public static Path runDir(Path preferred) {
    Path dir = preferred.toAbsolutePath().normalize();
    if (holdsUnixSockets(dir)) {
      return dir;
    }
    String id = Integer.toHexString(dir.toString().hashCode());
    Path shorter = Path.of(System.getProperty("java.io.tmpdir"), "routemq-node-" + id).toAbsolutePath();
    System.out.printf("node: %s is too deep for the node's unix sockets; its state and logs go to %s%n", dir,
        shorter);
    return shorter;
  }

  /**
   * Stops whatever an earlier node left in {@code workDir} and brings up the pod bridge with {@link #NODE_IP}, so
   * that an API server can listen there before the node joins (pods reach it through the {@code kubernetes}
   * Service). Closing the result removes the bridge again, for a start that fails before the node runs.
   */
  public static Network network(Path workDir) {
    Path runDir = workDir.toAbsolutePath().normalize();
    if (!holdsUnixSockets(runDir)) {
      throw new IllegalArgumentException("the node's run folder " + runDir + " is too deep for a unix socket ("
          + runDir + LONGEST_SOCKET + " is over " + SOCKET_PATH_MAX + " bytes): give a shorter folder, e.g."
          + " through RealNode.runDir");
    }
    Network network = new Network(runDir, NodeScripts.locate(), baseEnv(runDir));
    // What an earlier run left, before its run folder is reused: stop-node.sh is safe on nothing and after a crash.
    network.stop();
    network.run("start-node.sh", Map.of("ROUTEMQ_NODE_STEP", "network"), SCRIPT_BOUND);
    return network;
  }

  /** Whether the node's longest unix socket path under {@code runDir} stays within the kernel's limit. */
  private static boolean holdsUnixSockets(Path runDir) {
    return (runDir + LONGEST_SOCKET).length() <= SOCKET_PATH_MAX;
  }

  /**
   * Starts kubelet and kube-proxy on a {@link #network} beside {@code plane}. Returns once the Node reports Ready
   * with a heartbeat from this kubelet.
   */
  public static RealNode start(RealControlPlane plane, Network network) {
    long begin = System.nanoTime();
    Path cniBin = Path.of(Optional.ofNullable(System.getenv("CNI_BIN"))
        .orElse(NodePrerequisites.DEFAULT_CNI_BIN.toString()));
    NodePrerequisites.check(cniBin);
    Path runDir = network.runDir();
    Path kubeBin = KubeComponents.locate(List.of("kubelet", "kube-proxy")).binary("kubelet").getParent();
    Path images = NodeImages.baseImages(network.scripts(), runDir.resolve("logs"));

    // What start-node.sh gets beyond the network's settings: the kubelet's and kube-proxy's credentials and ports.
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROUTEMQ_NODE_CACHE", images.getParent().toString());
    env.put("ROUTEMQ_KUBE_BIN", kubeBin.toString());
    env.put("CNI_BIN", cniBin.toString());
    int[] ports = FreePorts.loopback(4);
    env.put("KUBELET_PORT", Integer.toString(ports[0]));
    env.put("KUBELET_HEALTHZ_PORT", Integer.toString(ports[1]));
    env.put("PROXY_HEALTHZ_PORT", Integer.toString(ports[2]));
    env.put("PROXY_METRICS_PORT", Integer.toString(ports[3]));
    env.put("ROUTEMQ_NODE_KUBECONFIG", plane.kubeconfigForNode(NAME).toString());
    env.put("ROUTEMQ_NODE_CLIENT_CA", plane.caCert().toString());
    env.put("ROUTEMQ_PROXY_KUBECONFIG", plane.kubeconfigForKubeProxy().toString());
    env.put("SERVICE_CIDR", RealControlPlane.SERVICE_CIDR);
    // The Java side waits for Ready through its client, with a clearer error than the script's, and without kubectl.
    env.put("ROUTEMQ_NODE_WAIT", "0");
    RealNode node = new RealNode(plane, network);
    Runtime.getRuntime().addShutdownHook(node.shutdownHook);
    try {
      // Heartbeat times have whole seconds: the start, rounded down, is what a fresh one must not be older than.
      Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      network.run("start-node.sh", env, SCRIPT_BOUND);
      node.awaitReady(started);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    node.startUp = Duration.ofNanos(System.nanoTime() - begin);
    System.out.printf("node: %s Ready in %.1f s (kubelet %s, node IP %s); logs in %s%n", NAME,
        node.startUp.toMillis() / 1000.0, plane.kubernetesVersion(), NODE_IP, node.logs());
    return node;
  }

  /** What every run of the node's scripts is told: where the node lives and its network. */
  private static Map<String, String> baseEnv(Path runDir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROUTEMQ_NODE_RUN", runDir.toString());
    env.put("NODE_NAME", NAME);
    env.put("NODE_BRIDGE", BRIDGE);
    env.put("POD_SUBNET", POD_SUBNET);
    env.put("NODE_IP", NODE_IP);
    return env;
  }

  /** The node's pod bridge, up before the node: {@link #network}. */
  public static final class Network implements AutoCloseable {
    private final Path runDir;
    private final NodeScripts scripts;
    private final Map<String, String> env;

    private Network(Path runDir, NodeScripts scripts, Map<String, String> env) {
      this.runDir = runDir;
      this.scripts = scripts;
      this.env = Map.copyOf(env);
    }

    /** The host's address on the bridge: where an API server or a broker that pods reach listens. */
    public String address() {
      return NODE_IP;
    }

    /** Runs stop-node.sh: with no node started it removes the bridge; after a node it removes everything. */
    @Override
    public void close() {
      stop();
    }

    void stop() {
      run("stop-node.sh", Map.of(), STOP_BOUND);
    }

    /** Runs one of the node's scripts with the network's settings and {@code more}; output to logs/<script>.log. */
    void run(String script, Map<String, String> more, Duration bound) {
      Map<String, String> all = new LinkedHashMap<>(env);
      all.putAll(more);
      scripts.run(script, List.of(), all, runDir.resolve("logs").resolve(script.replace(".sh", ".log")), bound);
    }

    Path runDir() {
      return runDir;
    }

    NodeScripts scripts() {
      return scripts;
    }
  }

  private void awaitReady(Instant started) {
    long deadline = System.nanoTime() + READY_BOUND.toNanos();
    String last = "no Node object yet";
    while (System.nanoTime() < deadline) {
      if (!kubeletRunning()) {
        throw new IllegalStateException("kubelet exited before node " + NAME + " was Ready; see "
            + logs().resolve("kubelet.log"));
      }
      Node node = plane.client().nodes().withName(NAME).get();
      Optional<NodeCondition> ready = node == null || node.getStatus() == null ? Optional.empty()
          : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
      if (ready.isPresent()) {
        NodeCondition c = ready.get();
        last = "Ready=" + c.getStatus() + " (" + c.getReason() + ": " + c.getMessage() + ")";
        // A Ready left by an earlier kubelet stays for ~40 s: only a heartbeat since this start counts.
        if ("True".equals(c.getStatus()) && !Instant.parse(c.getLastHeartbeatTime()).isBefore(started)) {
          return;
        }
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("node " + NAME + " not Ready within " + READY_BOUND.toSeconds() + " s (last: "
        + last + "); see " + logs().resolve("kubelet.log") + " and " + logs().resolve("containerd.log"));
  }

  /**
   * Imports an OCI image archive (e.g. from {@link NodeImages#build}) into the node's containerd, in the namespace
   * the CRI reads (k8s.io). Pods use it with {@code imagePullPolicy: Never}: nothing can be pulled here.
   */
  public Duration importImage(Path archive) {
    long begin = System.nanoTime();
    ctr("importing " + archive, "images", "import", "--all-platforms", archive.toAbsolutePath().toString());
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    System.out.printf("node: imported %s in %.1f s%n", archive.getFileName(), took.toMillis() / 1000.0);
    return took;
  }

  /**
   * Kills a container's processes with SIGKILL through containerd, as the kernel's OOM killer or a crash would end
   * them: kubelet sees the exit (137) and restarts the container in the same pod.
   *
   * @param containerId as a pod's status has it, {@code containerd://<id>}, or the bare id
   */
  public void killContainer(String containerId) {
    String id = containerId.replaceFirst("^[a-z]+://", "");
    ctr("killing container " + id, "tasks", "kill", "--signal", "SIGKILL", "--all", id);
  }

  /** Runs ctr against this node's containerd in the CRI's namespace; its output goes to ctr.log. */
  private void ctr(String what, String... args) {
    List<String> command = new java.util.ArrayList<>(
        List.of("ctr", "-a", containerdSocket().toString(), "-n", "k8s.io"));
    command.addAll(List.of(args));
    Path log = logs().resolve("ctr.log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      if (process.waitFor() != 0) {
        throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "); see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    }
  }

  public String name() {
    return NAME;
  }

  /** The host's address on the pod bridge: a server bound here is reachable from the pods, and from nowhere else. */
  public String hostAddress() {
    return NODE_IP;
  }

  /** kubelet.log, kube-proxy.log, containerd.log, ctr.log and the scripts' output. */
  public Path logs() {
    return runDir.resolve("logs");
  }

  /** From the call of {@link #start} to Ready, the image builds and leftover cleanup included. */
  public Duration startUp() {
    return startUp;
  }

  /** What the node left on the machine: empty after {@link #close}, whatever ran on it. */
  public List<String> leftovers() {
    return new NodeLeftovers(runDir, NAME, BRIDGE).find();
  }

  /** Stops the node (stop-node.sh): kubelet, containers, containerd, then netns, mounts, bridge, cgroups. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopNode();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // close() called by a shutdown hook of the caller's: ours runs too and finds nothing left to stop
    }
  }

  private void stopNode() {
    long begin = System.nanoTime();
    network.stop();
    System.out.printf("node: stopped in %.1f s%n", (System.nanoTime() - begin) / 1e9);
  }

  private boolean kubeletRunning() {
    try {
      long pid = Long.parseLong(Files.readString(runDir.resolve("kubelet.pid")).strip());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private Path containerdSocket() {
    return runDir.resolve("containerd/containerd.sock");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
