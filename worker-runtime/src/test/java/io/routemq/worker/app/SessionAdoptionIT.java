package io.routemq.worker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.testing.CuttableProxy;
import io.routemq.worker.testing.TestBrokers;
import io.routemq.worker.testing.TestClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker of a shared group lost for good (its connection cut, never to come back, as with a lost node or a pod
 * force-deleted) and its session adopted by another process under its client id, on both brokers with the drain
 * mode each needs.
 */
class SessionAdoptionIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int TOTAL = 1500;

  @ParameterizedTest
  @CsvSource({"hivemq,Handover", "mosquitto,Unsubscribe"})
  void aLostWorkersShareReachesTheGroupOnceItsSessionIsAdopted(String broker, DrainMode mode) throws Exception {
    RouteTable t = WorkerBrokerIT.table(List.of(new RouteTable.Route("in/{n}", 1, "republish",
        Map.of("topic", "out/{n}", "workMillis", "2"))), true);
    try (TestBrokers.Running b = TestBrokers.start(broker); TestClient listener = new TestClient(b.url());
        TestClient publisher = new TestClient(b.url());
        CuttableProxy proxy = new CuttableProxy(BrokerUrl.parse(b.url()).port())) {
      listener.subscribe("out/#");
      Worker lost = start(proxy.url(), "lost", t, mode);
      Worker staying = start(b.url(), "staying", t, mode);
      for (int i = 0; i < TOTAL; i++) {
        if (i == TOTAL / 3) {
          // No DISCONNECT and no way back: the broker keeps the lost worker's session as it was.
          proxy.close();
        }
        publisher.publish("in/" + (i % 20), Integer.toString(i));
      }
      await().atMost(WAIT).until(() -> noProgressFor(listener, 3_000));
      int missingBefore = TOTAL - distinct(listener);
      if (broker.equals("mosquitto")) {
        assertThat(missingBefore).as("Mosquitto keeps queueing the lost member's share in its session").isPositive();
      }

      SessionAdoption.Result adopted = new Worker(WorkerBrokerIT.config(b.url(), "lost", t, mode),
          new SimpleMeterRegistry()).adopt(WAIT.toMillis());

      await().atMost(WAIT).until(() -> distinct(listener) >= TOTAL || noProgressFor(listener, 5_000));
      assertThat(distinct(listener)).as("every message handled by the group; %s missing before the adoption: %s",
          missingBefore, adopted).isEqualTo(TOTAL);
      assertThat(adopted.present()).isTrue();
      assertThat(adopted.leftUnacked()).isZero();
      if (broker.equals("mosquitto")) {
        assertThat(adopted.processed()).as("what the session held was handled by the adopter")
            .isGreaterThanOrEqualTo(missingBefore);
      }
      SessionAdoption.Result again = new Worker(WorkerBrokerIT.config(b.url(), "lost", t, mode),
          new SimpleMeterRegistry()).adopt(WAIT.toMillis());
      assertThat(again.present()).as("a complete adoption ends the session").isFalse();
      assertThat(lost.isConnected()).isFalse();
      staying.drain();
    }
  }

  private static Worker start(String url, String clientId, RouteTable t, DrainMode mode) {
    Worker w = new Worker(WorkerBrokerIT.config(url, clientId, t, mode), new SimpleMeterRegistry());
    w.start();
    await().atMost(WAIT).until(w::isReady);
    return w;
  }

  private static int distinct(TestClient listener) {
    return new HashSet<>(listener.payloads()).size();
  }

  private static boolean noProgressFor(TestClient listener, long millis) throws InterruptedException {
    int before = listener.received.size();
    Thread.sleep(millis);
    return listener.received.size() == before;
  }
}
