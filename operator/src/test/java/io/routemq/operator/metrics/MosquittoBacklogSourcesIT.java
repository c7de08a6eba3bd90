package io.routemq.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.worker.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arrival sampler and the $SYS adapter against a real Mosquitto; skipped when it is not installed. */
class MosquittoBacklogSourcesIT {
  private static MosquittoBroker broker;
  private static int port;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = MosquittoBroker.startOrSkip();
    port = broker.port();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  private static Mqtt5BlockingClient client(String id) {
    Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
        .serverPort(port).buildBlocking();
    c.connect();
    return c;
  }

  private static void publish(Mqtt5BlockingClient c, String topic, int n) {
    for (int i = 0; i < n; i++) {
      c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
          .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
    }
  }

  @Test
  void arrivalSamplerCountsEveryMessageOnTheGroupsFilters() throws Exception {
    try (MqttArrivalSampler sampler = MqttArrivalSampler.start(BrokerAddress.of("127.0.0.1", port),
        "sampler-it", List.of("sensors/{deviceId}/data", "alerts/#"))) {
      Mqtt5BlockingClient pub = client("pub-it");
      publish(pub, "sensors/d1/data", 70);
      publish(pub, "sensors/d2/data", 30);
      publish(pub, "alerts/fire", 5);
      publish(pub, "other/topic", 50);
      pub.disconnect();

      await().atMost(Duration.ofSeconds(10)).until(() -> sampler.arrivals() == 105);
      assertThat(sampler.arrivalsByFilter()).containsEntry("sensors/+/data", 100L).containsEntry("alerts/#", 5L);
    }
  }

  @Test
  void sysStatsReportPublishesReceivedAndStoredMessages() throws Exception {
    // An offline persistent session makes the broker store messages: that is the backlog $SYS can see.
    Mqtt5BlockingClient offline = MqttClient.builder().useMqttVersion5().identifier("offline-it")
        .serverHost("127.0.0.1").serverPort(port).buildBlocking();
    offline.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
    offline.subscribeWith().topicFilter("work/#").qos(MqttQos.AT_LEAST_ONCE).send();
    offline.disconnect();

    MosquittoSysStats stats = new MosquittoSysStats();
    try (MosquittoSysSubscriber sub = MosquittoSysSubscriber.start(BrokerAddress.of("127.0.0.1", port), "sys-it",
        stats)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> stats.value(MosquittoSysStats.PUBLISH_RECEIVED).isPresent());
      stats.read(Instant.now(), 0);
      // The broker is shared with the other tests of this class: count from what it had received so far.
      double receivedBefore = stats.value(MosquittoSysStats.PUBLISH_RECEIVED).orElseThrow();
      Mqtt5BlockingClient pub = client("pub-sys-it");
      publish(pub, "work/item", 40);
      pub.disconnect();

      await().atMost(Duration.ofSeconds(10)).until(() -> stats.storedMessages().orElse(0) >= 40
          && stats.value(MosquittoSysStats.PUBLISH_RECEIVED).orElse(0) >= receivedBefore + 40);
      BacklogReading r = stats.read(Instant.now().plusSeconds(1), 0);
      assertThat(r.source()).isEqualTo(BacklogReading.Source.BROKER_STATS);
      assertThat(r.backlog().getAsLong()).isGreaterThanOrEqualTo(40);
      assertThat(r.arrivalRate().getAsDouble()).isGreaterThan(0);
    }
  }

  @Test
  void arrivalSamplerCountsAgainAfterTheBrokerRestarts() throws Exception {
    try (MosquittoBroker own = MosquittoBroker.startOrSkip();
        MqttArrivalSampler sampler = MqttArrivalSampler.start(BrokerAddress.of("127.0.0.1", own.port()),
            "sampler-restart-it", List.of("jobs/{id}"))) {
      own.stop();
      own.restart();

      // Publish until the resubscribed sampler sees messages again (it reconnects with a backoff).
      Mqtt5BlockingClient pub = MqttClient.builder().useMqttVersion5().identifier("pub-restart-it")
          .serverHost("127.0.0.1").serverPort(own.port()).buildBlocking();
      pub.connect();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        publish(pub, "jobs/1", 1);
        return sampler.arrivals() > 0;
      });
      pub.disconnect();
    }
  }
}
