package io.routemq.e2e.fleet;

import io.routemq.worker.testing.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real operator application, run as its own JVM exactly as it would run in a pod: only where its credentials
 * come from (a kubeconfig with its ServiceAccount's token instead of the pod's mounted token) differs.
 */
public final class OperatorProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int httpPort;

  private OperatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * @param operatorApp the operator application ({@code quarkus-run.jar})
   * @param kubeconfig how it reaches the API server and who it is (the operator's ServiceAccount)
   * @param leaseNamespace where its leader-election Lease lives (in a pod: its own namespace)
   * @param extraEnv further configuration (e.g. a shorter resync interval)
   * @param log file the operator's output goes to (appended, so restarts share one log)
   */
  public static OperatorProcess start(
      Path operatorApp, Path kubeconfig, String leaseNamespace, Map<String, String> extraEnv, Path log) {
    int port = freePort();
    // JVM flags come as in the pod, through JAVA_TOOL_OPTIONS in extraEnv (see ClusterInstall.operatorContainerEnv).
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", operatorApp.toString()));
    ProcessBuilder builder = new ProcessBuilder(ChildProcesses.command(command))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    // The Fabric8 client reads KUBECONFIG as it would read the pod's service-account files in a cluster.
    env.put("KUBECONFIG", kubeconfig.toString());
    // Outside a pod there is no service-account namespace to put the leader-election Lease in.
    env.put("ROUTEMQ_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE", leaseNamespace);
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.putAll(extraEnv);
    try {
      return new OperatorProcess(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator " + operatorApp, e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as when its node is lost: no chance to release the leader-election Lease. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM and wait, as in a rolling restart of the operator pod. */
  public void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(15));
  }
}
