package io.routemq.operator.metrics;

import io.routemq.operator.autoscaling.BacklogReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mode BrokerStats for Mosquitto: keeps the latest {@code $SYS/broker/...} values (fed by
 * {@link MosquittoSysSubscriber} or a test) and turns them into a reading — arrival rate from the PUBLISH-received
 * counter's delta between reads, backlog from the store's message count. Mosquitto publishes $SYS every
 * {@code sys_interval} seconds (default 10), so the rate is as fresh as that.
 */
public final class MosquittoSysStats implements BacklogProbe {
  public static final String PUBLISH_RECEIVED = "$SYS/broker/publish/messages/received";
  public static final String PUBLISH_SENT = "$SYS/broker/publish/messages/sent";
  public static final String MESSAGES_RECEIVED = "$SYS/broker/messages/received";
  public static final String MESSAGES_SENT = "$SYS/broker/messages/sent";
  public static final String STORE_COUNT = "$SYS/broker/store/messages/count";
  /** Older Mosquitto versions name the store count this way. */
  public static final String STORED_LEGACY = "$SYS/broker/messages/stored";

  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private Instant lastTime;
  private double lastReceived = Double.NaN;

  /** Takes one $SYS message; non-numeric payloads (version strings, uptime "12 seconds") keep their number or are ignored. */
  public void update(String topic, String payload) {
    String p = payload.strip();
    int space = p.indexOf(' ');
    String number = space > 0 ? p.substring(0, space) : p;
    try {
      values.put(topic, Double.parseDouble(number));
    } catch (NumberFormatException e) {
      // $SYS/broker/version and the like are not figures.
    }
  }

  public OptionalDouble value(String topic) {
    Double v = values.get(topic);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** Messages held by the broker (queued for or in flight to clients). */
  public OptionalLong storedMessages() {
    OptionalDouble v = value(STORE_COUNT);
    if (v.isEmpty()) {
      v = value(STORED_LEGACY);
    }
    return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Math.round(v.getAsDouble()));
  }

  @Override
  public synchronized BacklogReading read(Instant now, double completedTotal) {
    OptionalDouble received = value(PUBLISH_RECEIVED);
    OptionalDouble rate = OptionalDouble.empty();
    if (received.isPresent()) {
      double r = received.getAsDouble();
      if (lastTime != null && !Double.isNaN(lastReceived)) {
        double dt = Duration.between(lastTime, now).toNanos() / 1e9;
        // A broker restart resets the counter: count from zero as Prometheus does.
        double delta = r >= lastReceived ? r - lastReceived : r;
        if (dt > 0) {
          rate = OptionalDouble.of(delta / dt);
        }
      }
      lastReceived = r;
      lastTime = now;
    }
    return new BacklogReading(BacklogReading.Source.BROKER_STATS, rate, storedMessages(), now);
  }
}
