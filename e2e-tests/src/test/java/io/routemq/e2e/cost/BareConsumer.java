package io.routemq.e2e.cost;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.routemq.crds.routetable.BrokerUrl;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The least a Java consumer can do: a HiveMQ client on the worker's kind of session (persistent, shared
 * subscription, QoS 1, the same receive maximum) that counts each message and lets the client acknowledge it.
 * Arguments: broker URL, topic filter, receive maximum, and {@code manual} to acknowledge each message in the
 * callback (the worker's way) instead of letting the client acknowledge it on arrival. Prints {@code subscribed}, then {@code received <n>} every
 * 100 ms until its standard input closes; then ends its session.
 */
public final class BareConsumer {
  private BareConsumer() {}

  public static void main(String[] args) throws Exception {
    BrokerUrl broker = BrokerUrl.parse(args[0]);
    String filter = args[1];
    int receiveMaximum = Integer.parseInt(args[2]);
    boolean manual = args.length > 3 && args[3].equals("manual");
    AtomicLong received = new AtomicLong();
    Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("bench-bare-" + ProcessHandle.current().pid())
        .serverHost(broker.host()).serverPort(broker.port()).buildAsync();
    client.publishes(MqttGlobalPublishFilter.ALL, p -> {
      received.incrementAndGet();
      if (manual) {
        p.acknowledge();
      }
    }, manual);
    client.connectWith().cleanStart(true).sessionExpiryInterval(600)
        .restrictions().receiveMaximum(receiveMaximum).applyRestrictions().send().get(30, TimeUnit.SECONDS);
    client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
    System.out.println("subscribed");
    System.out.flush();
    Thread reporter = new Thread(() -> {
      try {
        while (true) {
          System.out.println("received " + received.get());
          System.out.flush();
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    reporter.setDaemon(true);
    reporter.start();
    while (System.in.read() >= 0) {
      // Runs until the parent closes the pipe.
    }
    client.disconnectWith().sessionExpiryInterval(0).send().get(10, TimeUnit.SECONDS);
  }
}
