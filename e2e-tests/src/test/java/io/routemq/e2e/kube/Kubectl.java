package io.routemq.e2e.kube;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real kubectl against one cluster: what a user types, with the cluster's kubeconfig. */
public final class Kubectl {
  private static final long TIMEOUT_SECONDS = 60;

  /** What one kubectl run printed, and how it ended. */
  public record Result(List<String> command, int exitCode, String out, String err) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + " (exit " + exitCode + ")\n" + out + err;
    }
  }

  private final Path kubeconfig;
  /** Beside the kubeconfig: kubectl's discovery cache would otherwise go to the user's ~/.kube. */
  private final Path cacheDir;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig.toAbsolutePath();
    this.cacheDir = this.kubeconfig.resolveSibling("kubectl-cache");
  }

  /** Runs {@code kubectl <args>} and returns however it ended. */
  public Result run(String... args) {
    List<String> command = new ArrayList<>(
        List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", cacheDir.toString()));
    command.addAll(List.of(args));
    try {
      return exec(command, new byte[0], TIMEOUT_SECONDS);
    } catch (IOException e) {
      // Fail, never skip: CI installs kubectl, and without it nothing here is checked as a user would.
      throw new AssertionError("kubectl is not on PATH (" + e.getMessage() + "): install kubectl 1.32 or newer"
          + " (https://kubernetes.io/docs/tasks/tools/)", e);
    }
  }

  /**
   * Runs a command-line tool with {@code stdin} as its input and returns however it ended; fails when it does not
   * end within {@code timeoutSeconds}. Throws IOException when it cannot be started (not installed).
   */
  static Result exec(List<String> command, byte[] stdin, long timeoutSeconds) throws IOException {
    Process process = new ProcessBuilder(command).start();
    // Both streams are read while the tool runs, so a full pipe buffer cannot stall it.
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    }
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while running " + command, e);
    }
    return new Result(command, process.exitValue(), out.join(), err.join());
  }

  /** Runs {@code kubectl <args>}, fails unless it succeeded, and returns what it printed on stdout. */
  public String ok(String... args) {
    Result result = run(args);
    if (!result.succeeded()) {
      throw new AssertionError("kubectl failed: " + result);
    }
    return result.out();
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
