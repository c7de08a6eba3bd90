package io.routemq.worker.mqtt;

import io.routemq.worker.routing.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The worker's one connection to the broker, MQTT 5 or 3.1.1. Messages are acknowledged manually; the session
 * survives a disconnect (and a container restart, since the client id is the pod name), so what was not
 * acknowledged is delivered again.
 */
public interface BrokerConnection {

  /**
   * Connects (and reconnects by itself with backoff), subscribing to {@code subscriptions} after every connect.
   *
   * @param consumer receives every message, also those a resumed session redelivers before any subscribe
   */
  CompletableFuture<Void> start(List<Subscription> subscriptions, Consumer<InboundMessage> consumer);

  /**
   * Connects to the session this client id already has on the broker, without subscribing: how a worker adopts the
   * session of a worker that is gone. Whatever the broker queued there, or had sent and not seen acknowledged, goes
   * to {@code consumer}.
   *
   * @param subscriptions the group's subscriptions, which {@link #unsubscribe()} then removes from the session
   * @return whether the broker still had a session for this client id
   */
  CompletableFuture<Boolean> resume(List<Subscription> subscriptions, Consumer<InboundMessage> consumer);

  /**
   * Sends the subscriptions again while subscribed (no-op otherwise). A broker that does not wake an idle member of
   * a shared group (HiveMQ CE 2025.5, see the README) feeds it again after this.
   */
  CompletableFuture<Void> resubscribe();

  /** Removes the subscriptions and stops re-subscribing on reconnect. */
  CompletableFuture<Void> unsubscribe();

  CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain,
      Map<String, String> userProperties);

  /** Connected, and subscribed since the last connect. */
  boolean isSubscribed();

  boolean isConnected();

  /** While the connection is down after a failed attempt: what failed and what to do (see ConnectFailures). */
  default Optional<String> connectProblem() {
    return Optional.empty();
  }

  /**
   * Disconnects.
   *
   * @param endSession drop the broker-side session (after a complete drain nothing is left in it); false keeps it
   *     so that unacknowledged messages are delivered again
   */
  CompletableFuture<Void> disconnect(boolean endSession);
}
