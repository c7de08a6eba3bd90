package io.routemq.operator.metrics;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Opens the operator's own MQTT 5 connections (clean start, no session kept). They reconnect by themselves, and
 * the HiveMQ client then subscribes again (its default when the session expired), so a broker restart costs the
 * samples of the time it was away, not the sampler.
 */
final class MqttConnections {
  private MqttConnections() {}

  static Mqtt5AsyncClient connect(BrokerAddress broker, String clientId, long timeoutSeconds) throws Exception {
    Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5().identifier(clientId)
        .serverHost(broker.host()).serverPort(broker.port()).automaticReconnectWithDefaultConfig();
    if (broker.username() != null) {
      b = b.simpleAuth().username(broker.username())
          .password(broker.password() == null ? new byte[0] : broker.password().getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth();
    }
    Mqtt5AsyncClient client = b.buildAsync();
    client.connectWith().cleanStart(true).send().get(timeoutSeconds, TimeUnit.SECONDS);
    return client;
  }
}
