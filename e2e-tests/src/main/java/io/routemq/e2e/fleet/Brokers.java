package io.routemq.e2e.fleet;

import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.testing.EmbeddedHiveMq;
import io.routemq.worker.testing.MosquittoBroker;
import java.nio.file.Path;

/** The two brokers the fleet runs on, as {@link LocalBroker}s. */
final class Brokers {
  private Brokers() {}

  static LocalBroker hivemq(Path dir, boolean persistent) {
    EmbeddedHiveMq broker = EmbeddedHiveMq.start(dir, persistent);
    return handle(broker.url(), DrainMode.Handover, broker::stop, broker::startAgain, broker::close);
  }

  static LocalBroker mosquitto(Path dir, boolean persistent) {
    MosquittoBroker broker = MosquittoBroker.start(dir, "127.0.0.1", persistent);
    return handle(broker.url(), DrainMode.Unsubscribe, broker::stop, broker::restart, broker::close);
  }

  private static LocalBroker handle(String url, DrainMode drainMode, Runnable stop, Runnable startAgain,
      Runnable close) {
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
      public void stop() {
        stop.run();
      }

      @Override
      public void startAgain() {
        startAgain.run();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
