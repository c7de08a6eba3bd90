package io.routemq.e2e.fleet;

import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.testing.EmbeddedHiveMq;
import io.routemq.worker.testing.MosquittoBroker;
import java.nio.file.Path;

/** The two brokers the fleet runs on, as {@link LocalBroker}s. */
final class Brokers {
  private Brokers() {}

  static LocalBroker hivemq(Path dir) {
    EmbeddedHiveMq broker = EmbeddedHiveMq.start(dir);
    return handle(broker.url(), DrainMode.Handover, broker::close);
  }

  static LocalBroker mosquitto(Path dir) {
    MosquittoBroker broker = MosquittoBroker.start(dir);
    return handle(broker.url(), DrainMode.Unsubscribe, broker::close);
  }

  private static LocalBroker handle(String url, DrainMode drainMode, Runnable close) {
    return new LocalBroker() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public DrainMode drainMode() {
        return drainMode;
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
