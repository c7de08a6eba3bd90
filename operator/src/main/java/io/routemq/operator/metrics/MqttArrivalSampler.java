package io.routemq.operator.metrics;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.routemq.crds.routetable.RoutePattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The arrival sampler: subscribes to a group's filters itself — not shared, so it sees every message, and QoS 0,
 * so it never holds the broker up — and counts arrivals per filter. It costs one extra delivery per message, which
 * is why the mode is chosen per group. Filters that overlap count a message once per matching filter, as the broker
 * delivers it once per subscription.
 */
public final class MqttArrivalSampler implements ArrivalCounter, AutoCloseable {
  private final Mqtt5AsyncClient client;
  private final Map<String, LongAdder> byFilter = new LinkedHashMap<>();

  private MqttArrivalSampler(Mqtt5AsyncClient client) {
    this.client = client;
  }

  /**
   * Connects and subscribes.
   *
   * @param topicPatterns the group's route topics (patterns with {@code {param}} are turned into filters)
   */
  public static MqttArrivalSampler start(BrokerAddress broker, String clientId, List<String> topicPatterns)
      throws Exception {
    MqttArrivalSampler sampler = new MqttArrivalSampler(MqttConnections.connect(broker, clientId, 10));
    for (String pattern : topicPatterns) {
      String filter = RoutePattern.parse(pattern).subscriptionFilter();
      LongAdder counter = sampler.byFilter.computeIfAbsent(filter, f -> new LongAdder());
      sampler.client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_MOST_ONCE)
          .callback(p -> counter.increment())
          .send().get(10, TimeUnit.SECONDS);
    }
    return sampler;
  }

  @Override
  public long arrivals() {
    long sum = 0;
    for (LongAdder a : byFilter.values()) {
      sum += a.sum();
    }
    return sum;
  }

  /** Arrivals per subscription filter. */
  public Map<String, Long> arrivalsByFilter() {
    Map<String, Long> out = new LinkedHashMap<>();
    byFilter.forEach((f, a) -> out.put(f, a.sum()));
    return out;
  }

  @Override
  public void close() {
    client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
  }
}
