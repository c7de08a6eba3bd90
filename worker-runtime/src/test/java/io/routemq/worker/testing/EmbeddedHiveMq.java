package io.routemq.worker.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ CE in this JVM, on 127.0.0.1 and a free port, for tests and the local sandbox. In-memory persistence, no
 * usage statistics, and a per-client queue large enough that QoS 1 load is never discarded (the default of 1000 with
 * strategy discard silently drops messages under load).
 */
public final class EmbeddedHiveMq implements AutoCloseable {
  private final Path dir;
  private final int port;
  private EmbeddedHiveMQ broker;

  private EmbeddedHiveMq(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts a broker with its configuration and data under {@code dir}. */
  public static EmbeddedHiveMq start(Path dir) {
    return start(dir, false);
  }

  /**
   * As {@link #start(Path)}; with {@code persistent}, sessions and queued messages are kept in files under
   * {@code dir}, so that {@link #startAgain()} finds them again as a production HiveMQ does.
   */
  public static EmbeddedHiveMq start(Path dir, boolean persistent) {
    try {
      int port = freePort();
      Path conf = Files.createDirectories(dir.resolve("conf"));
      Files.writeString(conf.resolve("config.xml"), """
          <?xml version="1.0"?>
          <hivemq>
            <listeners>
              <tcp-listener>
                <port>%d</port>
                <bind-address>127.0.0.1</bind-address>
              </tcp-listener>
            </listeners>
            <mqtt>
              <queued-messages>
                <max-queue-size>1000000</max-queue-size>
              </queued-messages>
            </mqtt>
            <persistence>
              <mode>%s</mode>
            </persistence>
            <anonymous-usage-statistics>
              <enabled>false</enabled>
            </anonymous-usage-statistics>
          </hivemq>
          """.formatted(port, persistent ? "file" : "in-memory"));
      EmbeddedHiveMq broker = new EmbeddedHiveMq(dir, port);
      broker.startAgain();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a broker in a fresh temporary directory. */
  public static EmbeddedHiveMq start() {
    try {
      return start(Files.createTempDirectory("hivemq"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /**
   * Starts the broker (again, after {@link #stop()}) on the same port, configuration and data. A new instance each
   * time: a stopped embedded HiveMQ cannot be started again ("UnrecoverableException").
   */
  public void startAgain() {
    try {
      broker = EmbeddedHiveMQ.builder()
          .withConfigurationFolder(dir.resolve("conf"))
          .withDataFolder(Files.createDirectories(dir.resolve("data")))
          .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
          // HiveMQ would reconfigure logback as the process's logging; the host application keeps its own.
          .withoutLoggingBootstrap()
          .build();
      broker.start().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("embedded HiveMQ did not start: " + e.getMessage(), e);
    }
  }

  /** Stops the broker (every client is disconnected); {@link #startAgain()} starts it again. */
  public void stop() {
    if (broker == null) {
      return;
    }
    try {
      broker.stop().get(30, TimeUnit.SECONDS);
      broker.close();
      broker = null;
    } catch (Exception e) {
      throw new IllegalStateException("embedded HiveMQ did not stop: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
