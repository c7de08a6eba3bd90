package io.routemq.e2e.fleet;

import io.routemq.worker.testing.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The process of one simulated container, normally the worker-runtime application in its own JVM. */
final class WorkerProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

  private final PodLaunch launch;
  private final Process process;

  private WorkerProcess(PodLaunch launch, Process process) {
    this.launch = launch;
    this.process = process;
  }

  static WorkerProcess start(List<String> command, PodLaunch launch) {
    ProcessBuilder builder =
        new ProcessBuilder(ChildProcesses.command(command))
            .directory(launch.workDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()));
    // A container sees only its own environment, not the simulator's.
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.clear();
    env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    env.putAll(launch.env());
    builder.environment().put("QUARKUS_HTTP_HOST", launch.podIp());
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(launch.httpPort()));
    try {
      return new WorkerProcess(launch, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start worker for pod " + launch.podName(), e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  /** The readiness probe, as kubelet would run it. */
  boolean probeReady(String path) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://" + launch.podIp() + ":" + launch.httpPort() + path))
              .timeout(Duration.ofMillis(500))
              .GET()
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, as kubelet sends when a pod is deleted. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL, as kubelet sends when the grace period has run out. */
  void kill() {
    process.destroyForcibly();
  }

  boolean waitForExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
