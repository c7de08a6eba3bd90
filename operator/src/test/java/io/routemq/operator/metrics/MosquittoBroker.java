package io.routemq.operator.metrics;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/** A Mosquitto process on 127.0.0.1 for integration tests; tests skip when it is not installed. */
final class MosquittoBroker implements AutoCloseable {
  /** Debian installs it here; MOSQUITTO_BIN points elsewhere. */
  static final Path BINARY = Path.of(System.getenv().getOrDefault("MOSQUITTO_BIN", "/usr/sbin/mosquitto"));
  private final Path conf;
  private final Path log;
  final int port;
  private Process process;

  private MosquittoBroker(Path conf, Path log, int port) {
    this.conf = conf;
    this.log = log;
    this.port = port;
  }

  static MosquittoBroker startOrSkip() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(BINARY), "mosquitto is not installed at " + BINARY);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("mosquitto-it");
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        "sys_interval 1",
        "max_queued_messages 10000",
        ""));
    MosquittoBroker b = new MosquittoBroker(conf, dir.resolve("mosquitto.log"), port);
    b.start();
    return b;
  }

  void start() throws IOException {
    process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      }
    });
  }

  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
