package io.routemq.e2e.fleet;

import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.testing.MosquittoBroker;
import java.nio.file.Path;

/**
 * The fleet's MQTT broker: embedded HiveMQ CE, a Mosquitto process, or one the user already runs. The first two
 * are the worker runtime's test brokers (its test-jar).
 */
public interface LocalBroker extends AutoCloseable {

  String url();

  /** How workers leave a shared group on this broker (see {@link DrainMode}); Unsubscribe for an unknown broker. */
  default DrainMode drainMode() {
    return DrainMode.Unsubscribe;
  }

  @Override
  void close();

  /** Whether {@code choice} can run here (Mosquitto needs its binary). */
  static boolean available(String choice) {
    return !"mosquitto".equals(choice) || MosquittoBroker.isInstalled();
  }

  /**
   * @param choice {@code hivemq}, {@code mosquitto}, or the URL of a broker that already runs
   * @param dir where the broker's configuration, data and log go
   */
  static LocalBroker start(String choice, Path dir) {
    return switch (choice) {
      case "hivemq" -> Brokers.hivemq(dir);
      case "mosquitto" -> Brokers.mosquitto(dir);
      default -> {
        if (!choice.contains("://")) {
          throw new IllegalArgumentException("the broker must be hivemq, mosquitto or a URL such as tcp://127.0.0.1:1883");
        }
        yield new LocalBroker() {
          @Override
          public String url() {
            return choice;
          }

          @Override
          public void close() {}
        };
      }
    };
  }
}
