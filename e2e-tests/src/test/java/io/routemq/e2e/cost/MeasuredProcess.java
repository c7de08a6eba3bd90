package io.routemq.e2e.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process under measurement: its CPU time and resident memory read from the OS, and the newest line it printed
 * (the bench's helpers report their counts on standard output) kept for the bench to read.
 */
final class MeasuredProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private volatile String lastLine = "";
  private final List<String> seen = new ArrayList<>();

  private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

  private MeasuredProcess(String name, Process process) {
    this(name, process, false);
  }

  private MeasuredProcess(String name, Process process, boolean countBytes) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(countBytes ? this::countBytes : this::readLines, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** A main class of this test classpath in a JVM of its own. */
  static MeasuredProcess java(String name, Class<?> main, List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return start(name, command, Map.of(), null);
  }

  /** Any command; its output goes to {@code log} (or is read line by line when null); our environment plus {@code env}. */
  static MeasuredProcess start(String name, List<String> command, Map<String, String> env, Path log) {
    return start(name, command, null, env, log);
  }

  /** {@link #start(String, List, Map, Path)} in the working directory {@code workDir} (null: ours). */
  static MeasuredProcess start(String name, List<String> command, Path workDir, Map<String, String> env, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    if (log != null) {
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    try {
      return new MeasuredProcess(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /**
   * A command that writes one byte per event (e.g. {@code mosquitto_sub -N -F .}): the bytes are counted, not kept,
   * so the count costs the process one small write per event.
   */
  static MeasuredProcess startCountingBytes(String name, List<String> command) {
    try {
      return new MeasuredProcess(name, new ProcessBuilder(command).start(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Bytes the process wrote so far, when started with {@link #startCountingBytes}. */
  long bytesWritten() {
    return bytes.get();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lastLine = line;
        synchronized (seen) {
          if (seen.size() < 200) {
            seen.add(line);
          }
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  private void countBytes() {
    byte[] buffer = new byte[65_536];
    try (var in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        bytes.addAndGet(n);
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  String lastLine() {
    return lastLine;
  }

  /** Waits for a line that {@code wanted} accepts; fails with what the process printed when it does not come. */
  String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (seen) {
        for (String line : seen) {
          if (wanted.test(line)) {
            return line;
          }
        }
      }
      if (wanted.test(lastLine)) {
        return lastLine;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    synchronized (seen) {
      throw new IllegalStateException(name + " did not print the expected line within " + timeout + " (alive="
          + process.isAlive() + "); it printed: " + String.join(" | ", seen));
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; only once it has ended. */
  int exitCode() {
    return process.exitValue();
  }

  /** User plus system CPU seconds used so far, from /proc (the OS's own accounting). */
  double cpuSeconds() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /**
   * Context switches of all its threads so far (voluntary and not), from /proc: every hand-off of a message from
   * one thread to a sleeping other costs one, which is where much of a consumer's CPU per message goes.
   */
  long contextSwitches() {
    long total = 0;
    try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
              total += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
          }
        } catch (IOException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  /** Resident set size in MB, from /proc/PID/status. */
  long rssMb() {
    try {
      return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
          .findFirst().orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Closes its standard input (the helpers' signal to finish) and waits for it to exit. */
  boolean finish(Duration timeout) throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already gone.
    }
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGTERM, then SIGKILL after 15 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
