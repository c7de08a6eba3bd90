package io.routemq.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private Process process;

  private MosquittoBroker(Path conf, Path log, String host, int port) {
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
    return start(dir, host, List.of());
  }

  /** As {@link #start(Path, String)}, with extra configuration lines, e.g. {@code message_size_limit 1048576}. */
  public static MosquittoBroker start(Path dir, String host, List<String> extraConf) {
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
      Files.writeString(conf, String.join("\n",
          "listener " + port + " " + host,
          "allow_anonymous true",
          "persistence false",
          "sys_interval 1",
          "max_queued_messages 1000000",
          "max_inflight_messages " + MAX_INFLIGHT,
          String.join("\n", extraConf),
          ""));
      MosquittoBroker broker = new MosquittoBroker(conf, dir.resolve("mosquitto.log"), host, port);
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
    return "tcp://" + host + ":" + port;
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
