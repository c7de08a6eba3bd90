package io.routemq.worker.handler;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One message as a handler sees it.
 *
 * @param topic the topic it was published to
 * @param route the route's topic pattern
 * @param params the pattern's captured parameters
 * @param payload the payload bytes (never null; empty when the message had none)
 * @param qos the QoS it was delivered with
 * @param userProperties MQTT 5 user properties (empty for MQTT 3.1.1); a repeated name keeps its last value
 * @param correlationData MQTT 5 correlation data, if any
 * @param responseTopic MQTT 5 response topic, if any
 * @param attempt 1 for the first try, 2 for the first retry, …
 */
public record MessageContext(
    String topic,
    String route,
    Map<String, String> params,
    byte[] payload,
    int qos,
    Map<String, String> userProperties,
    Optional<byte[]> correlationData,
    Optional<String> responseTopic,
    int attempt) {

  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
