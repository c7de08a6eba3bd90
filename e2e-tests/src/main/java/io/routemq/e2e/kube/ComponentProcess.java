package io.routemq.e2e.kube;

import io.routemq.worker.testing.ChildProcesses;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One control-plane binary run as a child process: started from a fixed command line (so it can be started again
 * on the same ports and data), its output in one log, healthy when its health endpoint says so, and stopped with
 * SIGTERM, then SIGKILL, together with anything it spawned.
 */
final class ComponentProcess {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final int LOG_TAIL_BYTES = 4096;

  private final String name;
  private final List<String> command;
  private final Path log;
  private final URI health;
  private final int port;
  private volatile Process process;

  ComponentProcess(String name, List<String> command, Path log, URI health, int port) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.health = health;
    this.port = port;
  }

  /** Starts the command, appending to the log, so a restart keeps what the earlier run said. */
  void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    try {
      Files.createDirectories(log.getParent());
      // The command line heads each run's output: a restart's log then says where one run ends and the next begins.
      Files.writeString(log, "=== " + Instant.now() + " " + String.join(" ", command) + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = new ProcessBuilder(ChildProcesses.command(command))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  /**
   * Waits until the health endpoint answers 200. Fails at once, with the end of the log, if the process exits
   * first; the wait between probes is a wait on that exit, so a crash is seen without delay.
   */
  void awaitHealthy(HealthProbe probe, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    HealthProbe.Answer last = new HealthProbe.Answer(0, "not asked yet");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue()
            + " before it was healthy; its log " + log + " ends with:\n" + logTail());
      }
      last = probe.ask(health);
      if (last.ok()) {
        return;
      }
      try {
        process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        // the normal case: probe again
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
    throw new IllegalStateException(name + " not healthy at " + health + " within " + bound.toSeconds()
        + " s (last answer: " + last.status() + " " + abbreviate(last.detail()) + "); see " + log
        + ", which ends with:\n" + logTail());
  }

  /**
   * SIGTERM to the process and its descendants, up to {@code grace} for them to exit, then SIGKILL. Returns at once
   * when it is not running.
   */
  void stop(Duration grace) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> tree =
        Stream.concat(process.toHandle().descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle handle : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        handle.destroyForcibly();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        tree.forEach(ProcessHandle::destroyForcibly);
        return;
      }
    }
    tree.forEach(handle -> handle.onExit().join());
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The PID of the running (or last) process. */
  OptionalLong pid() {
    return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
  }

  /** Resident set size in KiB, from {@code /proc/<pid>/status}; empty when not running or not on Linux. */
  Optional<Long> rssKib() {
    if (!isAlive()) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      return lines.filter(line -> line.startsWith("VmRSS:"))
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
          .findFirst();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private String logTail() {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(0, file.length() - LOG_TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ');
    return line.length() <= 300 ? line : line.substring(0, 300) + "…";
  }
}
