package io.routemq.worker.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routemq.worker.mqtt.BrokerConnection;
import io.routemq.worker.mqtt.InboundMessage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a message that could not be handled to the group's dead-letter topic (QoS 1). MQTT 5: the original
 * payload, with the error, original topic, route and attempts as user properties ({@code routemq-error},
 * {@code routemq-original-topic}, {@code routemq-route}, {@code routemq-attempts}) next to the original ones. MQTT
 * 3.1.1 has no user properties: a JSON envelope with the same fields and the payload in base64.
 */
public final class DeadLetters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BrokerConnection connection;
  private final String topic;
  private final boolean userProperties;

  public DeadLetters(BrokerConnection connection, String topic, boolean userProperties) {
    this.connection = connection;
    this.topic = topic;
    this.userProperties = userProperties;
  }

  public CompletableFuture<Void> publish(InboundMessage m, String route, String error, int attempts) {
    if (userProperties) {
      Map<String, String> props = new LinkedHashMap<>(m.userProperties());
      props.put("routemq-error", error);
      props.put("routemq-original-topic", m.topic());
      props.put("routemq-route", route);
      props.put("routemq-attempts", Integer.toString(attempts));
      return connection.publish(topic, m.payload(), 1, false, props);
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("error", error);
    envelope.put("originalTopic", m.topic());
    envelope.put("route", route);
    envelope.put("attempts", attempts);
    envelope.put("payloadBase64", Base64.getEncoder().encodeToString(m.payload()));
    try {
      return connection.publish(topic, JSON.writeValueAsBytes(envelope), 1, false, Map.of());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public String topic() {
    return topic;
  }
}
