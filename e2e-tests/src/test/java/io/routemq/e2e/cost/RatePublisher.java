package io.routemq.e2e.cost;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.routemq.crds.routetable.BrokerUrl;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A QoS 1 publisher in a process of its own, so its CPU is not charged to the consumer being measured. Arguments:
 * broker URL, topic prefix, rate in msg/s (0: as fast as the broker takes them), message count. 100-byte payloads
 * over 100 topics. Prints {@code start} as it begins, {@code sent <n> acked <m>} every 250 ms and {@code done <n> <m>}
 * at the end.
 */
public final class RatePublisher {
  private static final byte[] PAYLOAD = "x".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private RatePublisher() {}

  public static void main(String[] args) throws Exception {
    BrokerUrl broker = BrokerUrl.parse(args[0]);
    String prefix = args[1];
    double rate = Double.parseDouble(args[2]);
    long count = Long.parseLong(args[3]);
    Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("bench-pub-" + ProcessHandle.current().pid())
        .serverHost(broker.host()).serverPort(broker.port()).buildAsync();
    client.connect().get(30, TimeUnit.SECONDS);
    AtomicLong acked = new AtomicLong();
    System.out.println("start");
    System.out.flush();
    long start = System.nanoTime();
    long lastReport = 0;
    long sent = 0;
    while (sent < count) {
      long elapsed = System.nanoTime() - start;
      // Paced by the clock, not by sleeps: a late wake-up is made up at the next one.
      long due = rate <= 0 ? Math.min(count, sent + 1000) : Math.min(count, (long) (rate * elapsed / 1e9));
      // Never more than 10,000 unacknowledged: a broker that falls behind slows the publisher, it does not fill it.
      while (sent < due && sent - acked.get() < 10_000) {
        client.publishWith().topic(prefix + (sent % 100)).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send()
            .thenRun(acked::incrementAndGet);
        sent++;
      }
      if (elapsed - lastReport >= 250_000_000L) {
        System.out.println("sent " + sent + " acked " + acked.get());
        System.out.flush();
        lastReport = elapsed;
      }
      Thread.sleep(rate <= 0 ? 0 : 1);
    }
    while (acked.get() < sent) {
      Thread.sleep(5);
    }
    System.out.println("done " + sent + " " + acked.get());
    System.out.flush();
    client.disconnect().get(10, TimeUnit.SECONDS);
  }
}
