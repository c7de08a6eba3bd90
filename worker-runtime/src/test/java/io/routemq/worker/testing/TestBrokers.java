package io.routemq.worker.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** A broker by name for parameterized tests: "hivemq" always, "mosquitto" when installed (skipped otherwise). */
public final class TestBrokers {
  private TestBrokers() {}

  /** A started broker and its URL. */
  public record Running(String url, AutoCloseable handle) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      handle.close();
    }
  }

  public static Running start(String kind) throws Exception {
    Path dir = Files.createTempDirectory(kind);
    if (kind.equals("mosquitto")) {
      Assumptions.assumeTrue(MosquittoBroker.isInstalled(),
          "mosquitto is not installed at " + MosquittoBroker.BINARY + " (apt-get install -y mosquitto): skipped");
      MosquittoBroker b = MosquittoBroker.start(dir);
      return new Running(b.url(), b);
    }
    EmbeddedHiveMq b = EmbeddedHiveMq.start(dir);
    return new Running(b.url(), b);
  }
}
