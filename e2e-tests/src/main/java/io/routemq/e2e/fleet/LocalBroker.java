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

  /** Stops the broker, as in an outage: every client is cut off. Only a broker started here can be stopped. */
  default void stop() {
    throw new UnsupportedOperationException("a broker this process did not start cannot be stopped from here");
  }

  /** Starts the broker again after {@link #stop()}, on the same address, with what it persisted. */
  default void startAgain() {
    throw new UnsupportedOperationException("a broker this process did not start cannot be started from here");
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
    return start(choice, dir, false);
  }

  /**
   * As {@link #start(String, Path)}; a {@code persistent} broker keeps sessions and queued messages across
   * {@link #stop()} and {@link #startAgain()} (Mosquitto's persistence file, HiveMQ's file persistence).
   */
  static LocalBroker start(String choice, Path dir, boolean persistent) {
    return switch (choice) {
      case "hivemq" -> Brokers.hivemq(dir, persistent);
      case "mosquitto" -> Brokers.mosquitto(dir, persistent);
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
