package io.routemq.worker;

import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.app.Worker;
import io.routemq.worker.config.WorkerConfig;
import io.routemq.worker.testing.TestBrokers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker's QoS 1 pipeline (router, handler threads, noop handler, manual acknowledgement as each message
 * finishes) against a bare HiveMQ client subscriber (automatic acknowledgement, the same receive maximum, also a
 * shared subscription) on the same broker in the same run (opt-in: -Pbench). Each side gets the same publisher and
 * the same N messages of 100 bytes; a figure is N over the time from the first publish to the last message handled.
 * The sides alternate (raw, worker, worker, raw, raw, worker) and each reports its median, so drift in the machine
 * or the broker during the run weighs on both alike. Prints each trial
 * ({@code BENCH pipeline_trials broker=… raw_msgs_per_s=a,b,c worker_msgs_per_s=d,e,f}) and the medians
 * {@code BENCH pipeline broker=… qos=1 msgs=N worker_msgs_per_s=x raw_msgs_per_s=y ratio=x/y}.
 */
class PipelineBench {
  private static final int MESSAGES = 50_000;
  private static final byte[] PAYLOAD = new byte[100];

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void workerAgainstBareClient(String broker) throws Exception {
    try (TestBrokers.Running b = TestBrokers.start(broker)) {
      // Mosquitto 2.0.11 ignores a receive maximum (the worker then drops it, see Mqtt5Connection): the bare client
      // asks for none there, so both sides run under the broker's own in-flight limit.
      int receiveMaximum = broker.equals("mosquitto") ? 65_535 : 64;
      // Warm-up: the embedded broker shares this JVM, and both it and the two paths were seen to take several runs
      // of 50,000 messages before their speed settles (the first runs varied 3-fold).
      for (int i = 0; i < 2; i++) {
        raw(b.url(), MESSAGES, receiveMaximum);
        worker(b.url(), MESSAGES);
      }
      List<Double> raws = new ArrayList<>();
      List<Double> workers = new ArrayList<>();
      for (boolean rawFirst : new boolean[] {true, false, true}) {
        if (rawFirst) {
          raws.add(raw(b.url(), MESSAGES, receiveMaximum));
          workers.add(worker(b.url(), MESSAGES));
        } else {
          workers.add(worker(b.url(), MESSAGES));
          raws.add(raw(b.url(), MESSAGES, receiveMaximum));
        }
      }
      System.out.printf(Locale.ROOT, "BENCH pipeline_trials broker=%s raw_msgs_per_s=%s worker_msgs_per_s=%s%n", broker,
          joined(raws), joined(workers));
      double raw = median(raws);
      double worker = median(workers);
      System.out.printf(Locale.ROOT, "BENCH pipeline broker=%s qos=1 msgs=%d worker_msgs_per_s=%.0f"
          + " raw_msgs_per_s=%.0f ratio=%.2f%n", broker, MESSAGES, worker, raw, worker / raw);
    }
  }

  private static String joined(List<Double> values) {
    return String.join(",", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static double raw(String url, int n, int receiveMaximum) throws Exception {
    BrokerUrl a = BrokerUrl.parse(url);
    AtomicLong count = new AtomicLong();
    Mqtt5AsyncClient sub = Mqtt5Client.builder().identifier("raw-" + System.nanoTime()).serverHost(a.host())
        .serverPort(a.port()).buildAsync();
    sub.publishes(MqttGlobalPublishFilter.ALL, p -> count.incrementAndGet());
    // The worker's session settings: a persistent session (a restarted worker resumes it), so the broker takes the
    // same queueing path for both.
    sub.connectWith().cleanStart(false).sessionExpiryInterval(600)
        .restrictions().receiveMaximum(receiveMaximum).applyRestrictions().send().join();
    // A shared subscription like the worker's: brokers deliver shared groups by another path than plain ones.
    sub.subscribeWith().topicFilter("$share/raw-bench/bench/raw/#").qos(MqttQos.AT_LEAST_ONCE).send().join();
    double perSecond = publishAndTime(url, "bench/raw/", n, count::get);
    sub.disconnectWith().sessionExpiryInterval(0).send().join();
    return perSecond;
  }

  private static double worker(String url, int n) throws Exception {
    RouteTable table = new RouteTable(1, "bench", "ns", "g", true, "bench-g", 64,
        List.of(new RouteTable.Route("bench/w/{n}", 1, "noop", Map.of())),
        new RouteTable.FailurePolicy(3, 100, 1000, "dead/bench"), 10);
    Worker w = new Worker(new WorkerConfig(table, BrokerUrl.parse(url), "5", 60, Optional.empty(), Optional.empty(),
        Optional.empty(), "bench-worker-" + System.nanoTime(), Optional.empty(), DrainMode.Unsubscribe, 5),
        new SimpleMeterRegistry());
    w.start();
    await().atMost(Duration.ofSeconds(30)).until(w::isReady);
    double perSecond = publishAndTime(url, "bench/w/", n, () -> (long) w.processed());
    w.drain();
    return perSecond;
  }

  private static double publishAndTime(String url, String prefix, int n, LongSupplier done)
      throws Exception {
    BrokerUrl a = BrokerUrl.parse(url);
    Mqtt5AsyncClient pub = Mqtt5Client.builder().identifier("pub-" + System.nanoTime()).serverHost(a.host())
        .serverPort(a.port()).buildAsync();
    pub.connect().join();
    long start = System.nanoTime();
    CompletableFuture<?>[] sent = new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      sent[i] = pub.publishWith().topic(prefix + (i % 100)).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send();
    }
    CompletableFuture.allOf(sent).join();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5)).until(() -> done.getAsLong() >= n);
    double seconds = (System.nanoTime() - start) / 1e9;
    pub.disconnect().join();
    return n / seconds;
  }
}
