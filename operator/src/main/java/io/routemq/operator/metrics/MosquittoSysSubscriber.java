package io.routemq.operator.metrics;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Feeds a {@link MosquittoSysStats} from the broker's {@code $SYS/broker/#} topics. */
public final class MosquittoSysSubscriber implements AutoCloseable {
  private final Mqtt5AsyncClient client;

  private MosquittoSysSubscriber(Mqtt5AsyncClient client) {
    this.client = client;
  }

  public static MosquittoSysSubscriber start(BrokerAddress broker, String clientId, MosquittoSysStats stats)
      throws Exception {
    Mqtt5AsyncClient client = MqttConnections.connect(broker, clientId, 10);
    client.subscribeWith().topicFilter("$SYS/broker/#").qos(MqttQos.AT_MOST_ONCE)
        .callback(p -> stats.update(p.getTopic().toString(),
            new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
        .send().get(10, TimeUnit.SECONDS);
    return new MosquittoSysSubscriber(client);
  }

  @Override
  public void close() {
    client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
  }
}
