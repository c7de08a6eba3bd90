package io.routemq.worker.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.worker.testing.CuttableProxy;
import io.routemq.worker.testing.TestBrokers;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a broker does with an offline member of a shared subscription, with bare MQTT 5 clients and no worker code
 * (opt-in: -Pbench). Two members with persistent sessions (expiry 600 s, or 5 s for the expiry case); member A
 * never acknowledges, so it holds what it was sent, and its connection is cut (no DISCONNECT, as when a process is
 * SIGKILLed or its node is lost) half-way through 2,000 QoS 1 messages; B acknowledges everything. Then one of four
 * endings for A's session: resumed under its client id; resumed and unsubscribed at once; replaced by a clean start;
 * left to expire. Prints, per broker and ending,
 * {@code BENCH offline_member broker=… ending=… held_at_cut=… to_live_member=… missing_before_ending=…
 * recovered_by_ending=… lost=…}: what A held unacknowledged when cut, what B received, what neither had three seconds
 * after the last publish, what the ending delivered, and what never arrived.
 */
class OfflineMemberBench {
  private static final String SHARED = "$share/g/t/#";
  private static final int MESSAGES = 2000;

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void offlineSharedMember(String broker) throws Exception {
    for (String ending : new String[] {"resume", "resume_unsubscribe", "clean_start", "expiry"}) {
      try (TestBrokers.Running b = TestBrokers.start(broker);
          CuttableProxy proxy = new CuttableProxy(BrokerUrl.parse(b.url()).port())) {
        run(broker, ending, b.url(), proxy);
      }
    }
  }

  private static void run(String broker, String ending, String url, CuttableProxy proxy) throws Exception {
    long expiry = ending.equals("expiry") ? 5 : 600;
    Set<Integer> heldByA = ConcurrentHashMap.newKeySet();
    Set<Integer> toB = ConcurrentHashMap.newKeySet();
    Mqtt5AsyncClient a = member(proxy.url(), "A", expiry, heldByA, false);
    Mqtt5AsyncClient b = member(url, "B", expiry, toB, true);
    Mqtt5AsyncClient publisher = client(url, "P");
    publisher.connect().join();
    for (int i = 0; i < MESSAGES; i++) {
      if (i == MESSAGES / 2) {
        proxy.cut();
        proxy.close();
      }
      publisher.publishWith().topic("t/x").qos(MqttQos.AT_LEAST_ONCE)
          .payload(ByteBuffer.allocate(4).putInt(0, i).array()).send().join();
      if (i % 10 == 0) {
        Thread.sleep(5);
      }
    }
    Thread.sleep(3_000);
    int missingBefore = MESSAGES - toB.size();
    Set<Integer> recovered = ConcurrentHashMap.newKeySet();
    Mqtt5AsyncClient successor = switch (ending) {
      case "resume" -> member(url, "A", 600, recovered, true);
      case "resume_unsubscribe" -> {
        Mqtt5AsyncClient c = member(url, "A", 600, recovered, true);
        c.unsubscribeWith().topicFilter(SHARED).send().join();
        yield c;
      }
      case "clean_start" -> cleanStart(url, recovered);
      default -> null;
    };
    Thread.sleep(ending.equals("expiry") ? 8_000 : 4_000);
    Set<Integer> all = new HashSet<>(toB);
    all.addAll(recovered);
    System.out.printf("BENCH offline_member broker=%s ending=%s held_at_cut=%d to_live_member=%d"
            + " missing_before_ending=%d recovered_by_ending=%d lost=%d%n", broker, ending, heldByA.size(),
        toB.size(), missingBefore, recovered.size(), MESSAGES - all.size());
    for (Mqtt5AsyncClient c : new Mqtt5AsyncClient[] {successor, b, publisher}) {
      if (c != null) {
        c.disconnect().exceptionally(e -> null).join();
      }
    }
  }

  private static Mqtt5AsyncClient member(String url, String id, long expiry, Set<Integer> got, boolean acknowledge) {
    Mqtt5AsyncClient c = client(url, id);
    c.publishes(MqttGlobalPublishFilter.ALL, p -> {
      got.add(ByteBuffer.wrap(p.getPayloadAsBytes()).getInt());
      if (acknowledge) {
        p.acknowledge();
      }
    }, true);
    boolean present = c.connectWith().cleanStart(false).sessionExpiryInterval(expiry).send().join()
        .isSessionPresent();
    if (!present) {
      c.subscribeWith().topicFilter(SHARED).qos(MqttQos.AT_LEAST_ONCE).send().join();
    }
    return c;
  }

  private static Mqtt5AsyncClient cleanStart(String url, Set<Integer> got) {
    Mqtt5AsyncClient c = client(url, "A");
    c.publishes(MqttGlobalPublishFilter.ALL, p -> got.add(ByteBuffer.wrap(p.getPayloadAsBytes()).getInt()));
    c.connectWith().cleanStart(true).send().join();
    return c;
  }

  private static Mqtt5AsyncClient client(String url, String id) {
    BrokerUrl b = BrokerUrl.parse(url);
    return Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildAsync();
  }
}
