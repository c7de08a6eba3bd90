package io.routemq.worker.mqtt;

import java.util.Map;
import java.util.Optional;

/**
 * A message as the broker delivered it, independent of the MQTT version.
 *
 * @param acknowledge sends the PUBACK/PUBREC: call once, after the message is done with
 */
public record InboundMessage(
    String topic,
    byte[] payload,
    int qos,
    Map<String, String> userProperties,
    Optional<byte[]> correlationData,
    Optional<String> responseTopic,
    Runnable acknowledge) {}
