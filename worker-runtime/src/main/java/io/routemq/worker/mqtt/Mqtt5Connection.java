package io.routemq.worker.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5UnsubscribeBuilder;
import io.routemq.worker.config.WorkerConfig;
import io.routemq.worker.routing.Subscription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** MQTT 5: receive maximum = the group's concurrency (flow control), a session that outlives a disconnect. */
public final class Mqtt5Connection implements BrokerConnection {
  private static final Logger LOG = Logger.getLogger(Mqtt5Connection.class);
  /** Long enough for a crashed container to come back and resume; short enough not to pile up messages. */
  static final long SESSION_EXPIRY_SECONDS = 600;

  private final Mqtt5AsyncClient client;
  private final WorkerConfig config;
  private final int receiveMaximum;
  private final SubscriptionState state = new SubscriptionState();
  private volatile boolean flowControlByBroker;
  private final ConnectionProblem problem;
  private volatile boolean closing;
  /** MQTT 5's largest receive maximum: in effect, no limit from this side. */
  static final int UNLIMITED_RECEIVE_MAXIMUM = 65_535;

  public Mqtt5Connection(WorkerConfig config, int receiveMaximum) {
    this.config = config;
    this.problem = new ConnectionProblem(config);
    this.receiveMaximum = receiveMaximum;
    Mqtt5ClientBuilder b = MqttClients.builder(config).useMqttVersion5()
        .addConnectedListener(ctx -> onConnected())
        .addDisconnectedListener(ctx -> {
          state.disconnected();
          problem.disconnected(ctx.getCause());
          if (closing) {
            // disconnect() cannot stop a reconnect that is under way (the client is not connected then): the
            // failed attempt's listener does, or a worker that never reached the broker retries after its drain.
            ctx.getReconnector().reconnect(false);
          }
          if (receiveMaximumIgnored(ctx.getCause()) && !flowControlByBroker) {
            // Seen with Mosquitto 2.0.11: it sends more unacknowledged messages than the receive maximum, which the
            // client treats as a protocol error. Reconnect without the limit; the broker's own in-flight limit
            // (Mosquitto: max_inflight_messages) then bounds what this worker holds.
            flowControlByBroker = true;
            LOG.warnf("the broker ignores the receive maximum of %d; reconnecting without it, so flow control is"
                + " the broker's in-flight limit (Mosquitto: set max_inflight_messages to %d, the group's concurrency"
                + " and the worker's prefetch)", receiveMaximum, receiveMaximum);
            ((Mqtt5ClientDisconnectedContext) ctx).getReconnector().connectWith()
                .cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY_SECONDS).keepAlive(config.keepAliveSeconds())
                .restrictions().receiveMaximum(UNLIMITED_RECEIVE_MAXIMUM).applyRestrictions()
                .applyConnect();
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
    // Registered before connecting: a resumed session redelivers unacknowledged messages right after CONNACK.
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
    return client.connectWith()
        .cleanStart(false)
        .sessionExpiryInterval(SESSION_EXPIRY_SECONDS)
        .keepAlive(config.keepAliveSeconds())
        .restrictions().receiveMaximum(receiveMaximum).applyRestrictions()
        .send()
        .thenApply(ack -> {
          LOG.infof("connected to %s:%d as %s (session present: %s)", config.broker().host(),
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
        ack != null && ack.getReasonCodes().stream().anyMatch(code -> code.isError()),
        ack == null ? null : ack.getReasonCodes()));
  }

  private Mqtt5Subscribe subscribeMessage() {
    Mqtt5SubscribeBuilder.Complete b = null;
    for (Subscription s : state.subscriptions()) {
      b = (b == null ? Mqtt5Subscribe.builder() : b).addSubscription()
          .topicFilter(s.filter()).qos(qos(s.qos())).applySubscription();
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
    Mqtt5UnsubscribeBuilder.Complete b = null;
    for (Subscription s : state.subscriptions()) {
      b = b == null ? Mqtt5Unsubscribe.builder().addTopicFilter(s.filter()) : b.addTopicFilter(s.filter());
    }
    return client.unsubscribe(b.build()).thenAccept(ack -> { });
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain,
      Map<String, String> userProperties) {
    Mqtt5UserPropertiesBuilder props = Mqtt5UserProperties.builder();
    userProperties.forEach(props::add);
    return client.publishWith().topic(topic).qos(qos(qos)).retain(retain).payload(payload)
        .userProperties(props.build()).send()
        .thenAccept(result -> result.getError().ifPresent(e -> {
          throw new IllegalStateException("publish to " + topic + " failed: " + e.getMessage(), e);
        }));
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

  @Override
  public CompletableFuture<Void> disconnect(boolean endSession) {
    closing = true;
    state.stop(false);
    if (!client.getState().isConnectedOrReconnect()) {
      return CompletableFuture.completedFuture(null);
    }
    return (endSession ? client.disconnectWith().sessionExpiryInterval(0).send() : client.disconnect())
        .exceptionally(e -> null);
  }

  private static boolean receiveMaximumIgnored(Throwable cause) {
    return cause != null && cause.getMessage() != null && cause.getMessage().contains("allowed by receive maximum");
  }

  private static InboundMessage inbound(Mqtt5Publish p) {
    Map<String, String> props = new HashMap<>();
    p.getUserProperties().asList().forEach(u -> props.put(u.getName().toString(), u.getValue().toString()));
    return new InboundMessage(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode(), props,
        p.getCorrelationData().map(Mqtt5Connection::bytes), p.getResponseTopic().map(Object::toString),
        p::acknowledge);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  static MqttQos qos(int code) {
    return MqttQos.fromCode(code);
  }
}
