package io.routemq.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.worker.handler.MessageContext;
import io.routemq.worker.handler.MessageHandler;
import io.routemq.worker.metrics.WorkerMetrics;
import io.routemq.worker.mqtt.InboundMessage;
import io.routemq.worker.routing.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessagePipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final FakeConnection connection = new FakeConnection();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> acked = new CopyOnWriteArrayList<>();
  private final List<Long> backoffs = new CopyOnWriteArrayList<>();
  private MessagePipeline pipeline;

  private MessagePipeline pipeline(MessageHandler handler, int threads) {
    return pipeline(handler, threads, false);
  }

  private MessagePipeline orderedPipeline(MessageHandler handler) {
    return pipeline(handler, 1, true);
  }

  private MessagePipeline pipeline(MessageHandler handler, int threads, boolean ordered) {
    Router router = Router.compile(List.of(new RouteTable.Route("sensors/{id}/data", 1, "test", Map.of())));
    WorkerMetrics metrics = new WorkerMetrics(registry, List.of("sensors/{id}/data"), threads);
    pipeline = new MessagePipeline(router, List.of(handler), new Retries(3, 100, 1000),
        new DeadLetters(connection, "dead", true), metrics, threads, ordered, backoffs::add);
    return pipeline;
  }

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.stop();
    }
  }

  private InboundMessage message(String topic, String payload) {
    return new InboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), 1, Map.of("k", "v"),
        Optional.empty(), Optional.empty(), () -> acked.add(payload));
  }

  private double count(String name) {
    var c = registry.find(name).tag("route", "sensors/{id}/data").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aHandledMessageIsAcknowledgedWithItsParams() {
    List<MessageContext> seen = new CopyOnWriteArrayList<>();
    pipeline(m -> {
      seen.add(m);
      return CompletableFuture.completedFuture(null);
    }, 2).accept(message("sensors/7/data", "a"));
    await().atMost(WAIT).until(() -> acked.contains("a"));
    assertThat(seen.get(0).params()).containsEntry("id", "7");
    assertThat(seen.get(0).userProperties()).containsEntry("k", "v");
    assertThat(count("routemq_messages_processed")).isEqualTo(1);
    assertThat(connection.published).isEmpty();
  }

  @Test
  void aFailingHandlerIsRetriedWithBackoffThenDeadLetteredAndAcknowledged() {
    AtomicInteger attempts = new AtomicInteger();
    pipeline(m -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("bad payload");
    }, 1).accept(message("sensors/7/data", "x"));
    await().atMost(WAIT).until(() -> acked.contains("x"));
    assertThat(attempts).hasValue(3);
    assertThat(backoffs).containsExactly(100L, 200L);
    FakeConnection.Published dead = connection.published.get(0);
    assertThat(dead.topic()).isEqualTo("dead");
    assertThat(new String(dead.payload(), StandardCharsets.UTF_8)).isEqualTo("x");
    assertThat(dead.userProperties()).containsEntry("routemq-original-topic", "sensors/7/data")
        .containsEntry("routemq-attempts", "3").containsEntry("routemq-route", "sensors/{id}/data")
        .containsEntry("k", "v");
    assertThat(dead.userProperties().get("routemq-error")).contains("bad payload");
    assertThat(count("routemq_messages_failed")).isEqualTo(3);
    assertThat(count("routemq_messages_dead_lettered")).isEqualTo(1);
  }

  @Test
  void theWorkerKeepsGoingAfterAFailure() {
    pipeline(m -> {
      if (m.payloadAsString().equals("bad")) {
        throw new IllegalArgumentException("malformed");
      }
      return CompletableFuture.completedFuture(null);
    }, 1);
    pipeline.accept(message("sensors/1/data", "bad"));
    pipeline.accept(message("sensors/2/data", "good"));
    await().atMost(WAIT).until(() -> acked.containsAll(List.of("bad", "good")));
    assertThat(count("routemq_messages_processed")).isEqualTo(1);
  }

  @Test
  void whenTheDeadLetterCannotBePublishedTheMessageStaysUnacknowledged() throws Exception {
    connection.refusePublishes = true;
    pipeline(m -> CompletableFuture.failedFuture(new IllegalStateException("no")), 1);
    pipeline.accept(message("sensors/1/data", "x"));
    pipeline.accept(message("sensors/2/data", "y"));
    MessagePipeline.DrainResult drained = pipeline.drain(2000, 50);
    assertThat(acked).as("left for redelivery").isEmpty();
    assertThat(drained.leftInFlight()).isZero();
  }

  @Test
  void aTopicNoRouteMatchesIsDeadLettered() {
    pipeline(m -> CompletableFuture.completedFuture(null), 1).accept(message("other/topic", "o"));
    await().atMost(WAIT).until(() -> acked.contains("o"));
    assertThat(connection.published.get(0).userProperties().get("routemq-error")).contains("no route");
  }

  @Test
  void anOrderedGroupHandlesOneMessageAtATimeInArrivalOrder() {
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    orderedPipeline(m -> {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      order.add(m.payloadAsString());
      running.decrementAndGet();
      return CompletableFuture.completedFuture(null);
    });
    for (int i = 0; i < 50; i++) {
      pipeline.accept(message("sensors/1/data", Integer.toString(i)));
    }
    await().atMost(WAIT).until(() -> acked.size() == 50);
    assertThat(maxRunning).hasValue(1);
    assertThat(order).isEqualTo(acked);
  }

  @Test
  void aHandlerThatNeverBlocksRunsOnTheDeliveringThreadAndIsAcknowledgedThere() {
    List<String> threads = new CopyOnWriteArrayList<>();
    pipeline(MessageHandler.nonBlocking(m -> {
      threads.add(Thread.currentThread().getName());
      return CompletableFuture.completedFuture(null);
    }), 4);
    InboundMessage delivered = new InboundMessage("sensors/7/data", new byte[0], 1, Map.of(), Optional.empty(),
        Optional.empty(), () -> threads.add("ack on " + Thread.currentThread().getName()));

    pipeline.accept(delivered);

    String here = Thread.currentThread().getName();
    assertThat(threads).as("handled and acknowledged before accept returned").containsExactly(here, "ack on " + here);
    assertThat(count("routemq_messages_processed")).isEqualTo(1);
    assertThat(registry.get(WorkerContract.METRIC_IN_FLIGHT).gauge().value()).as("nothing left in flight").isZero();
    assertThat(registry.get(WorkerContract.METRIC_QUEUE_DEPTH).gauge().value()).isZero();
  }

  @Test
  void aNonBlockingHandlerThatFailsIsRetriedOnAHandlerThreadThenDeadLettered() {
    List<String> threads = new CopyOnWriteArrayList<>();
    pipeline(MessageHandler.nonBlocking(m -> {
      threads.add(Thread.currentThread().getName());
      throw new IllegalStateException("bad payload");
    }), 2).accept(message("sensors/7/data", "x"));

    await().atMost(WAIT).until(() -> acked.contains("x"));
    assertThat(threads).hasSize(3);
    assertThat(threads.get(0)).isEqualTo(Thread.currentThread().getName());
    assertThat(threads.subList(1, 3)).allSatisfy(t -> assertThat(t).startsWith("handler-"));
    assertThat(backoffs).containsExactly(100L, 200L);
    assertThat(connection.published).singleElement()
        .satisfies(p -> assertThat(p.userProperties()).containsEntry("routemq-attempts", "3"));
  }

  @Test
  void aNonBlockingHandlersLaterStageIsAwaitedAndOrderHoldsBehindIt() {
    CompletableFuture<Void> firstDone = new CompletableFuture<>();
    List<String> order = new CopyOnWriteArrayList<>();
    orderedPipeline(MessageHandler.nonBlocking(m -> {
      order.add(m.payloadAsString());
      return m.payloadAsString().equals("0") ? firstDone : CompletableFuture.completedFuture(null);
    }));
    for (int i = 0; i < 20; i++) {
      pipeline.accept(message("sensors/1/data", Integer.toString(i)));
    }
    assertThat(order).as("the others wait behind the unfinished first").containsExactly("0");
    assertThat(acked).isEmpty();

    firstDone.complete(null);

    await().atMost(WAIT).until(() -> acked.size() == 20);
    assertThat(order).isEqualTo(acked);
    assertThat(acked).isEqualTo(IntStream.range(0, 20).mapToObj(Integer::toString).toList());
  }

  @Test
  void drainFinishesWhatWasDelivered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    pipeline(m -> {
      release.await(5, TimeUnit.SECONDS);
      return CompletableFuture.completedFuture(null);
    }, 2);
    pipeline.accept(message("sensors/1/data", "a"));
    pipeline.accept(message("sensors/2/data", "b"));
    CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      release.countDown();
    });
    MessagePipeline.DrainResult result = pipeline.drain(5000, 50);
    assertThat(result.finished()).isEqualTo(2);
    assertThat(result.leftInFlight()).isZero();
    assertThat(acked).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aDrainThatTimesOutReportsWhatIsLeft() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    pipeline(m -> {
      never.await();
      return CompletableFuture.completedFuture(null);
    }, 1).accept(message("sensors/1/data", "stuck"));
    MessagePipeline.DrainResult result = pipeline.drain(200, 50);
    assertThat(result.leftInFlight()).isEqualTo(1);
    assertThat(acked).isEmpty();
  }

  @Test
  void aHandoverFinishesWhatWasStartedAndLeavesTheRestUnacknowledged() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> handled = new CopyOnWriteArrayList<>();
    pipeline(m -> {
      started.countDown();
      release.await(5, TimeUnit.SECONDS);
      handled.add(new String(m.payload(), StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(null);
    }, 1);
    pipeline.accept(message("sensors/1/data", "started"));
    started.await(5, TimeUnit.SECONDS);
    pipeline.accept(message("sensors/2/data", "queued")); // behind the started one on the single thread
    pipeline.handOver();
    pipeline.accept(message("sensors/3/data", "after"));
    release.countDown();
    MessagePipeline.DrainResult result = pipeline.drain(5000, 0);
    assertThat(handled).containsExactly("started");
    assertThat(acked).as("only the started message; the others go back to the group").containsExactly("started");
    assertThat(result.handedBack()).isEqualTo(2);
    assertThat(result.leftInFlight()).isZero();
  }
}
