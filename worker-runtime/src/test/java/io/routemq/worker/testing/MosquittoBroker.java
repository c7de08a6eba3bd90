package io.routemq.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Mosquitto process on 127.0.0.1 and a free port, for tests and the local sandbox. Callers that must skip when the
 * binary is absent check {@link #isInstalled()} first.
 */
public final class MosquittoBroker implements AutoCloseable {
  /** Debian installs it here; MOSQUITTO_BIN points elsewhere. */
  public static final Path BINARY =
      Path.of(System.getenv().getOrDefault("MOSQUITTO_BIN", "/usr/sbin/mosquitto"));

  /** Mosquitto's per-client in-flight limit here; see {@link #start}. */
  public static final int MAX_INFLIGHT = 4;

  private final Path conf;
  private final Path log;
  private final String host;
  private final int port;
  private final String scheme;
  private Process process;

  private MosquittoBroker(Path conf, Path log, String host, int port, String scheme) {
    this.scheme = scheme;
    this.conf = conf;
    this.log = log;
    this.host = host;
    this.port = port;
  }

  /** Starts a broker in a temporary directory, or skips the calling test with a message when not installed. */
  public static MosquittoBroker startOrSkip() throws IOException {
    Assumptions.assumeTrue(isInstalled(),
        "mosquitto is not installed at " + BINARY + " (apt-get install -y mosquitto): skipped");
    return start(Files.createTempDirectory("mosquitto"));
  }

  public static boolean isInstalled() {
    return Files.isExecutable(BINARY);
  }

  /** Writes a configuration under {@code dir} and starts the broker; fails with a hint when it is not installed. */
  public static MosquittoBroker start(Path dir) {
    return start(dir, "127.0.0.1");
  }

  /**
   * As {@link #start(Path)}, listening on {@code host} only, e.g. the host's address on a pod bridge so that pods
   * reach it and nothing off the machine does. The port is one that is free on loopback.
   */
  public static MosquittoBroker start(Path dir, String host) {
    return start(dir, host, false);
  }

  /**
   * As {@link #start(Path, String)}; with {@code persistent}, sessions, subscriptions and queued messages are saved
   * under {@code dir} when the broker stops and every second, and a {@link #restart()} takes them back, as a
   * production Mosquitto with {@code persistence true} does.
   */
  public static MosquittoBroker start(Path dir, String host, boolean persistent) {
    return start(dir, host, List.of("allow_anonymous true"), "tcp", persistent);
  }

  /** As {@link #start(Path, String)}, with extra configuration lines, e.g. {@code message_size_limit 1048576}. */
  public static MosquittoBroker start(Path dir, String host, List<String> extraConf) {
    List<String> lines = new ArrayList<>(List.of("allow_anonymous true"));
    lines.addAll(extraConf);
    return start(dir, host, lines, "tcp", false);
  }

  /**
   * As {@link #start(Path, String)}, with {@code listenerLines} (TLS files, authentication) after the listener line
   * instead of anonymous access; {@code scheme} is what {@link #url()} says (tcp or ssl).
   */
  static MosquittoBroker start(Path dir, String host, List<String> listenerLines, String scheme) {
    return start(dir, host, listenerLines, scheme, false);
  }

  private static MosquittoBroker start(Path dir, String host, List<String> listenerLines, String scheme,
      boolean persistent) {
    if (!isInstalled()) {
      throw new IllegalStateException("mosquitto is not installed at " + BINARY
          + ": apt-get install -y mosquitto, or set MOSQUITTO_BIN");
    }
    try {
      Files.createDirectories(dir);
      int port = EmbeddedHiveMq.freePort();
      Path conf = dir.resolve("mosquitto.conf");
      // Queues sized so that QoS 1 load is never dropped; $SYS every second for the BrokerStats backlog source.
      // Mosquitto 2.0.11 was seen to send a shared subscriber more QoS 1 messages than the receive maximum it asked
      // for (up to its own max_inflight_messages, default 20), which the HiveMQ client treats as a protocol error:
      // the broker's limit is kept at or below the smallest concurrency the tests use.
      List<String> lines = new ArrayList<>();
      lines.add("listener " + port + " " + host);
      lines.addAll(listenerLines);
      lines.addAll(List.of(
          persistent ? "persistence true\npersistence_location " + dir.toAbsolutePath() + "/\nautosave_interval 1"
              : "persistence false",
          // Run as root (CI), Mosquitto drops to user "mosquitto", who may not write or read this test's folder: it
          // would save nothing, and read no password file on a reload. Ignored when not run as root.
          "user " + System.getProperty("user.name"),
          "sys_interval 1",
          "max_queued_messages 1000000",
          "max_inflight_messages " + MAX_INFLIGHT,
          ""));
      Files.writeString(conf, String.join("\n", lines));
      MosquittoBroker broker = new MosquittoBroker(conf, dir.resolve("mosquitto.log"), host, port, scheme);
      broker.restart();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts (again) on the same port, e.g. after {@link #stop()} in a broker-restart test. */
  public void restart() {
    try {
      process = new ProcessBuilder(ChildProcesses.command(List.of(BINARY.toString(), "-c", conf.toString())))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + BINARY, e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(host, port)) {
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + log);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("mosquitto did not listen on port " + port + " within 10 s; see " + log);
  }

  public int port() {
    return port;
  }

  public String url() {
    return scheme + "://" + host + ":" + port;
  }

  /** Makes Mosquitto read its password file again (SIGHUP), as an operator of the broker does after a change. */
  public void reloadConfig() {
    try {
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -HUP " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The broker's log so far, for tests that check what it refused and why. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
