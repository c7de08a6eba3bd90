package io.routemq.worker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3UnsubscribeBuilder;
import io.routemq.worker.config.WorkerConfig;
import io.routemq.worker.routing.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * MQTT 3.1.1: a persistent session (clean session off). 3.1.1 has no receive maximum: the broker's own in-flight
 * limit (Mosquitto's max_inflight_messages) bounds what the worker holds, and user properties do not exist (handlers
 * see none; dead letters carry the error in a JSON envelope instead).
 */
public final class Mqtt3Connection implements BrokerConnection {
  private static final Logger LOG = Logger.getLogger(Mqtt3Connection.class);

  private final Mqtt3AsyncClient client;
  private final WorkerConfig config;
  private final SubscriptionState state = new SubscriptionState();
  private final ConnectionProblem problem;
  private volatile boolean closing;

  public Mqtt3Connection(WorkerConfig config) {
    this.config = config;
    this.problem = new ConnectionProblem(config);
    Mqtt3ClientBuilder b = MqttClients.builder(config).useMqttVersion3()
        .addConnectedListener(ctx -> onConnected())
        .addDisconnectedListener(ctx -> {
          state.disconnected();
          problem.disconnected(ctx.getCause());
          if (closing) {
            // disconnect() cannot stop a reconnect that is under way (the client is not connected then): the
            // failed attempt's listener does, or a worker that never reached the broker retries after its drain.
            ctx.getReconnector().reconnect(false);
          }
        });
    if (config.username().isPresent()) {
      b = b.simpleAuth().username(config.username().get())
          .password(config.password().orElse("").getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
    }
    this.client = b.buildAsync();
  }

  @Override
  public CompletableFuture<Void> start(List<Subscription> subscriptions, Consumer<InboundMessage> consumer) {
    state.set(subscriptions);
    client.publishes(MqttGlobalPublishFilter.ALL, p -> consumer.accept(inbound(p)), true);
    return connect().thenAccept(sessionPresent -> { });
  }

  @Override
  public CompletableFuture<Boolean> resume(List<Subscription> subscriptions, Consumer<InboundMessage> consumer) {
    state.set(subscriptions);
    state.stop(false);
    client.publishes(MqttGlobalPublishFilter.ALL, p -> consumer.accept(inbound(p)), true);
    return connect();
  }

  private CompletableFuture<Boolean> connect() {
    return client.connectWith().cleanSession(false).keepAlive(config.keepAliveSeconds()).send()
        .thenApply(ack -> {
          LOG.infof("connected to %s:%d as %s with MQTT 3.1.1 (session present: %s)", config.broker().host(),
              config.broker().port(), config.clientId(), ack.isSessionPresent());
          return ack.isSessionPresent();
        });
  }

  private void onConnected() {
    problem.connected();
    if (!state.shouldSubscribe()) {
      return;
    }
    client.subscribe(subscribeMessage()).whenComplete((ack, error) -> state.subscribeDone(error,
        ack != null && ack.getReturnCodes().stream().anyMatch(code -> code.isError()),
        ack == null ? null : ack.getReturnCodes()));
  }

  private Mqtt3Subscribe subscribeMessage() {
    Mqtt3SubscribeBuilder.Complete b = null;
    for (Subscription s : state.subscriptions()) {
      b = (b == null ? Mqtt3Subscribe.builder() : b).addSubscription()
          .topicFilter(s.filter()).qos(Mqtt5Connection.qos(s.qos())).applySubscription();
    }
    return b.build();
  }

  @Override
  public CompletableFuture<Void> resubscribe() {
    return state.resend(client.getState().isConnected(), () -> client.subscribe(subscribeMessage()));
  }

  @Override
  public CompletableFuture<Void> unsubscribe() {
    if (!state.stop(client.getState().isConnected())) {
      return CompletableFuture.completedFuture(null);
    }
    Mqtt3UnsubscribeBuilder.Complete b = null;
    for (Subscription s : state.subscriptions()) {
      b = b == null ? Mqtt3Unsubscribe.builder().addTopicFilter(s.filter()) : b.addTopicFilter(s.filter());
    }
    return client.unsubscribe(b.build());
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain,
      Map<String, String> userProperties) {
    return client.publishWith().topic(topic).qos(Mqtt5Connection.qos(qos)).retain(retain).payload(payload).send()
        .thenAccept(p -> { });
  }

  @Override
  public boolean isSubscribed() {
    return state.isSubscribed() && client.getState().isConnected();
  }

  @Override
  public Optional<String> connectProblem() {
    return problem.current();
  }

  @Override
  public boolean isConnected() {
    return client.getState().isConnected();
  }

  /**
   * MQTT 3.1.1 cannot end a persistent session on DISCONNECT, and its sessions never expire: ending one takes a
   * connect with clean session on (which discards it) and a disconnect. Only after a full drain, when it holds no
   * messages.
   */
  @Override
  public CompletableFuture<Void> disconnect(boolean endSession) {
    closing = true;
    state.stop(false);
    if (!client.getState().isConnectedOrReconnect()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> disconnected = client.disconnect().exceptionally(e -> null);
    if (!endSession) {
      return disconnected;
    }
    return disconnected
        .thenCompose(v -> client.connectWith().cleanSession(true).keepAlive(config.keepAliveSeconds()).send())
        .thenCompose(ack -> client.disconnect())
        .exceptionally(e -> null);
  }

  private static InboundMessage inbound(Mqtt3Publish p) {
    return new InboundMessage(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode(), Map.of(),
        Optional.empty(), Optional.empty(), p::acknowledge);
  }
}
