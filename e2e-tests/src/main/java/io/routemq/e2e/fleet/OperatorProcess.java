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
 * The real operator application, run as its own JVM against the local API server, exactly as it
 * would run in a pod — only its API server URL and watched namespace differ.
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
   * @param apiServerUrl where the API server listens
   * @param namespace the namespace to watch
   * @param extraEnv further configuration (e.g. a shorter resync interval)
   * @param log file the operator's output goes to (appended, so restarts share one log)
   */
  public static OperatorProcess start(
      Path operatorApp, String apiServerUrl, String namespace, Map<String, String> extraEnv, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-jar", operatorApp.toString()));
    ProcessBuilder builder = new ProcessBuilder(ChildProcesses.command(command))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServerUrl);
    env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
    env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", namespace);
    env.put("QUARKUS_OPERATOR_SDK_NAMESPACES", namespace);
    // Outside a pod there is no service-account namespace to put the leader-election Lease in.
    env.put("ROUTEMQ_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE", namespace);
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

  public boolean isAlive() {
    return process.isAlive();
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
