package io.routemq.worker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.testing.MosquittoBroker;
import io.routemq.worker.testing.TestClient;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Topics and payloads at MQTT's and the broker's limits through a real worker on Mosquitto: each message is
 * handled or dead-lettered with a reason, and the worker goes on with the next one.
 */
class HostileInputIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The broker's largest payload in these tests (Mosquitto's message_size_limit). */
  private static final int MAX_PAYLOAD = 1024 * 1024;

  private static final RouteTable TABLE = WorkerBrokerIT.table(List.of(
      new RouteTable.Route("in/{rest...}", 1, "republish", Map.of("topic", "out/{rest}"))), true);

  private static MosquittoBroker broker() throws Exception {
    Assumptions.assumeTrue(MosquittoBroker.isInstalled(), "mosquitto is not installed: skipped");
    return MosquittoBroker.start(Files.createTempDirectory("mosquitto"), "127.0.0.1",
        List.of("message_size_limit " + MAX_PAYLOAD));
  }

  private static Worker start(String url) {
    Worker w = new Worker(WorkerBrokerIT.config(url, "w1", TABLE, DrainMode.Unsubscribe), new SimpleMeterRegistry());
    w.start();
    await().atMost(WAIT).until(w::isReady);
    return w;
  }

  private static Optional<Mqtt5Publish> on(TestClient client, String topic) {
    return client.received.stream().filter(p -> p.getTopic().toString().equals(topic)).findFirst();
  }

  @Test
  void aTenLevelTopicIsRoutedAndA64KiBTopicWhoseRepublishCannotExistIsDeadLettered() throws Exception {
    String deep = "in/1/2/3/4/5/6/7/8/9";
    // 65535 bytes, MQTT's longest topic; "out/" + the rest would be 65536, so republish must fail.
    String longest = "in/" + "x".repeat(65_532);
    try (MosquittoBroker b = broker(); TestClient client = new TestClient(b.url())) {
      client.subscribe("out/#").subscribe("dead/#");
      Worker w = start(b.url());
      client.publish(deep, "deep");
      client.publish(longest, "long");
      client.publish("in/after", "after");
      await().atMost(WAIT).until(() -> on(client, "out/after").isPresent() && on(client, "dead/c-g").isPresent());

      assertThat(on(client, "out/1/2/3/4/5/6/7/8/9")).as("the deep topic was republished").isPresent();
      Mqtt5Publish dead = on(client, "dead/c-g").orElseThrow();
      assertThat(new String(dead.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("long");
      Map<String, String> props = new HashMap<>();
      dead.getUserProperties().asList().forEach(u -> props.put(u.getName().toString(), u.getValue().toString()));
      assertThat(props.get("routemq-original-topic")).isEqualTo(longest);
      assertThat(props.get("routemq-error")).isNotBlank();
      assertThat(w.isReady()).isTrue();
      w.drain();
    }
  }

  @Test
  void aPayloadOfTheBrokersMaximumSizeGoesThroughWholeAndTheNextMessageToo() throws Exception {
    byte[] biggest = new byte[MAX_PAYLOAD];
    for (int i = 0; i < biggest.length; i++) {
      biggest[i] = (byte) (i * 31); // every byte value, invalid UTF-8 included: a payload is bytes
    }
    try (MosquittoBroker b = broker(); TestClient client = new TestClient(b.url())) {
      client.subscribe("out/#");
      Worker w = start(b.url());
      BrokerUrl url = BrokerUrl.parse(b.url());
      var publisher = Mqtt5Client.builder().identifier("big").serverHost(url.host()).serverPort(url.port())
          .buildBlocking();
      publisher.connect();
      publisher.publishWith().topic("in/big").qos(MqttQos.AT_LEAST_ONCE).payload(biggest).send();
      client.publish("in/after", "after");
      await().atMost(WAIT).until(() -> on(client, "out/after").isPresent() && on(client, "out/big").isPresent());

      assertThat(Arrays.equals(on(client, "out/big").orElseThrow().getPayloadAsBytes(), biggest)).isTrue();
      assertThat(w.isReady()).isTrue();
      publisher.disconnect();
      w.drain();
    }
  }

  @Test
  void aPublishWithAnInvalidUtf8TopicNeverReachesTheWorkerAndTheNextMessageGoesThrough() throws Exception {
    try (MosquittoBroker b = broker(); TestClient client = new TestClient(b.url())) {
      client.subscribe("out/#");
      Worker w = start(b.url());
      // No MQTT client library sends an invalid UTF-8 topic, so the packets are written by hand (MQTT 3.1.1).
      try (Socket raw = new Socket("127.0.0.1", b.port())) {
        OutputStream out = raw.getOutputStream();
        out.write(new byte[] {0x10, 15, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 3, 'r', 'a', 'w'});
        byte[] connack = raw.getInputStream().readNBytes(4);
        assertThat(connack).as("CONNACK accepted").containsExactly(0x20, 2, 0, 0);
        // PUBLISH QoS 0 to "in/\xC3\x28" (a broken two-byte sequence), payload "bad".
        out.write(new byte[] {0x30, 10, 0, 5, 'i', 'n', '/', (byte) 0xC3, 0x28, 'b', 'a', 'd'});
        out.flush();
        raw.setSoTimeout(10_000);
        assertThat(raw.getInputStream().read()).as("the broker hangs up on the publisher").isEqualTo(-1);
      }
      client.publish("in/after", "after");
      await().atMost(WAIT).until(() -> on(client, "out/after").isPresent());
      assertThat(client.payloads()).containsExactly("after");
      assertThat(w.isReady()).isTrue();
      w.drain();
    }
  }
}
