package io.routemq.worker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.pipeline.MessagePipeline;
import io.routemq.worker.testing.TestBrokers;
import io.routemq.worker.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ordered group's worker replaced under load (Recreate: the old one drains, then the new one starts), both under
 * the group's one client id: the new one resumes the session, so nothing published in between is lost and the
 * messages come out in the order they were published (a redelivered one may repeat, never overtake).
 */
class OrderedGroupIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int TOTAL = 1200;

  @ParameterizedTest
  @ValueSource(strings = {"hivemq", "mosquitto"})
  void theReplacementResumesTheSessionInOrderAndLosesNothing(String broker) throws Exception {
    RouteTable t = WorkerBrokerIT.table(List.of(new RouteTable.Route("in/{n}", 1, "republish",
        Map.of("topic", "out/{n}", "workMillis", "1"))), false);
    try (TestBrokers.Running b = TestBrokers.start(broker); TestClient listener = new TestClient(b.url());
        TestClient publisher = new TestClient(b.url())) {
      listener.subscribe("out/#");
      Worker first = start(b.url(), t);
      Thread load = new Thread(() -> {
        for (int i = 0; i < TOTAL; i++) {
          publisher.publish("in/x", Integer.toString(i));
        }
      }, "load");
      load.start();
      await().atMost(WAIT).until(() -> first.processed() > 200);
      MessagePipeline.DrainResult drained = first.drain();
      // The gap a Recreate rollout leaves: the load goes on while no worker runs.
      Thread.sleep(500);
      Worker second = start(b.url(), t);
      load.join();
      await().atMost(WAIT).until(() -> distinct(listener) >= TOTAL || stalled(listener));

      List<Integer> out = listener.payloads().stream().map(Integer::valueOf).toList();
      assertThat(distinct(listener)).as("every message handled; the drain: %s", drained).isEqualTo(TOTAL);
      assertThat(firstOutOfOrder(out)).as("no message overtakes an earlier one").isEqualTo(-1);
      second.drain();
    }
  }

  private static Worker start(String url, RouteTable t) {
    // The client id an ordered group's pods share (the operator sets <cluster>-<group>).
    Worker w = new Worker(WorkerBrokerIT.config(url, "c-g", t, DrainMode.Unsubscribe), new SimpleMeterRegistry());
    w.start();
    await().atMost(WAIT).until(w::isReady);
    return w;
  }

  /** Index of the first output lower than one before it that is not a repeat of an earlier output, or -1. */
  private static int firstOutOfOrder(List<Integer> out) {
    int highest = -1;
    List<Integer> seen = new ArrayList<>();
    java.util.Set<Integer> done = new java.util.HashSet<>();
    for (int i = 0; i < out.size(); i++) {
      int n = out.get(i);
      if (n < highest && !done.contains(n)) {
        return i;
      }
      done.add(n);
      seen.add(n);
      highest = Math.max(highest, n);
    }
    return -1;
  }

  private static int distinct(TestClient listener) {
    return (int) listener.payloads().stream().distinct().count();
  }

  private static boolean stalled(TestClient listener) throws InterruptedException {
    int before = listener.received.size();
    Thread.sleep(3_000);
    return listener.received.size() == before;
  }
}
