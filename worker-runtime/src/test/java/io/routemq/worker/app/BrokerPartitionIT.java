package io.routemq.worker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.config.WorkerConfig;
import io.routemq.worker.testing.CuttableProxy;
import io.routemq.worker.testing.TestBrokers;
import io.routemq.worker.testing.TestClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault case "broker cut off for 60 s" (as opposed to stopped): the network between a worker and its broker
 * partitions — nothing passes, no side learns of the other's close — while publishers, on the broker's side, go on
 * at 50 msg/s QoS 1. The worker must notice by its keep-alive and say so through readiness, stay alive, reconnect
 * once the partition heals and resume its session: every acknowledged message handled.
 */
@Tag("fault-suite")
class BrokerPartitionIT {
  private static final int KEEP_ALIVE_SECONDS = 10;
  private static final Duration BEFORE = Duration.ofSeconds(5);
  private static final Duration PARTITION = Duration.ofSeconds(60);
  private static final Duration AFTER = Duration.ofSeconds(10);
  private static final int RATE = 50;

  @Test
  void aWorkerCutOffForAMinuteComesBackAndLosesNothing() throws Exception {
    String broker = "hivemq";
    RouteTable t = WorkerBrokerIT.table(List.of(new RouteTable.Route("in/{n}", 1, "republish",
        Map.of("topic", "out/{n}"))), true);
    try (TestBrokers.Running b = TestBrokers.start(broker);
        CuttableProxy proxy = new CuttableProxy(BrokerUrl.parse(b.url()).port());
        TestClient listener = new TestClient(b.url()); TestClient publisher = new TestClient(b.url())) {
      listener.subscribe("out/#");
      WorkerConfig config = new WorkerConfig(t, BrokerUrl.parse(proxy.url()), "5", KEEP_ALIVE_SECONDS,
          Optional.empty(), Optional.empty(), Optional.empty(), "cut-off", Optional.empty(), DrainMode.Unsubscribe, 2);
      Worker w = new Worker(config, new SimpleMeterRegistry());
      w.start();
      await().atMost(Duration.ofSeconds(30)).until(w::isReady);

      AtomicInteger sent = new AtomicInteger();
      Thread load = new Thread(() -> {
        long total = (BEFORE.plus(PARTITION).plus(AFTER).toSeconds()) * RATE;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
          long due = start + i * 1_000_000_000L / RATE;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            try {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
              return;
            }
          }
          publisher.publish("in/" + i, Integer.toString(i));
          sent.incrementAndGet();
        }
      }, "load");
      load.start();

      Thread.sleep(BEFORE.toMillis());
      long cut = System.nanoTime();
      proxy.partition();
      await().atMost(Duration.ofSeconds(3L * KEEP_ALIVE_SECONDS)).pollInterval(Duration.ofMillis(100))
          .until(() -> !w.isReady());
      double detect = (System.nanoTime() - cut) / 1e9;
      Thread.sleep(Math.max(0, PARTITION.toMillis() - (System.nanoTime() - cut) / 1_000_000));
      long healed = System.nanoTime();
      proxy.heal();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(w::isReady);
      double recover = (System.nanoTime() - healed) / 1e9;
      load.join();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> new HashSet<>(listener.payloads()).size() >= sent.get());
      Thread.sleep(500);

      Set<String> handled = new HashSet<>(listener.payloads());
      int lost = sent.get() - handled.size();
      int duplicates = listener.received.size() - handled.size();
      System.out.printf(Locale.ROOT, "BENCH fault case=broker-cut-off-60s broker=%s sent=%d acked=%d lost=%d"
          + " duplicates=%d recover_s=%.1f%n", broker, sent.get(), sent.get(), lost, duplicates, recover);
      System.out.printf(Locale.ROOT, "FIGURE fault broker-cut-off-60s broker=%s keep_alive_s=%d detect_s=%.1f%n",
          broker, KEEP_ALIVE_SECONDS, detect);

      assertThat(lost).as("acknowledged to the publisher, never handled").isZero();
      assertThat(recover).as("ready again after the partition healed").isLessThanOrEqualTo(30);
      w.drain();
    }
  }
}
