package io.routemq.worker.testing;

import java.nio.file.Files;

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
    if (kind.equals("mosquitto")) {
      MosquittoBroker b = MosquittoBroker.startOrSkip();
      return new Running(b.url(), b);
    }
    EmbeddedHiveMq b = EmbeddedHiveMq.start(Files.createTempDirectory(kind));
    return new Running(b.url(), b);
  }
}
