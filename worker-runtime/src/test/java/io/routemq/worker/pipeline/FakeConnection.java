package io.routemq.worker.pipeline;

import io.routemq.worker.mqtt.BrokerConnection;
import io.routemq.worker.mqtt.InboundMessage;
import io.routemq.worker.routing.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records what the worker publishes; can be told to refuse publishes. */
final class FakeConnection implements BrokerConnection {
  record Published(String topic, byte[] payload, int qos, Map<String, String> userProperties) {}

  final List<Published> published = new CopyOnWriteArrayList<>();
  volatile boolean refusePublishes;

  @Override
  public CompletableFuture<Void> start(List<Subscription> subscriptions, Consumer<InboundMessage> consumer) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Boolean> resume(List<Subscription> subscriptions, Consumer<InboundMessage> consumer) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public CompletableFuture<Void> resubscribe() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> unsubscribe() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain,
      Map<String, String> userProperties) {
    if (refusePublishes) {
      return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
    }
    published.add(new Published(topic, payload, qos, Map.copyOf(userProperties)));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean isSubscribed() {
    return true;
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public CompletableFuture<Void> disconnect(boolean endSession) {
    return CompletableFuture.completedFuture(null);
  }
}
