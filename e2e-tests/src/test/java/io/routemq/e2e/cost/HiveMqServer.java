package io.routemq.e2e.cost;

import io.routemq.worker.testing.EmbeddedHiveMq;
import java.nio.file.Path;

/**
 * HiveMQ CE in a JVM of its own, for benchmarks that must not share a process with the broker. Prints
 * {@code url <url>} once it listens and runs until its standard input closes or it is terminated.
 */
public final class HiveMqServer {
  private HiveMqServer() {}

  public static void main(String[] args) throws Exception {
    try (EmbeddedHiveMq broker = EmbeddedHiveMq.start(Path.of(args[0]))) {
      System.out.println("url " + broker.url());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Runs until the parent closes the pipe (or SIGTERM ends the JVM).
      }
    }
  }
}
