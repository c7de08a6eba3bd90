package io.routemq.worker.pipeline;

import io.routemq.worker.handler.MessageContext;
import io.routemq.worker.handler.MessageHandler;
import io.routemq.worker.metrics.WorkerMetrics;
import io.routemq.worker.mqtt.InboundMessage;
import io.routemq.worker.routing.RouteMatch;
import io.routemq.worker.routing.Router;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * From delivery to acknowledgement: route the message, run its handler on a handler thread (retrying with backoff),
 * then acknowledge it — or, when the attempts are used up, dead-letter it and acknowledge. A message whose
 * dead-letter publish fails is left unacknowledged, so the broker delivers it again: every message ends processed,
 * dead-lettered, or redelivered, never dropped.
 *
 * <p>Shared groups run {@code concurrency} handler threads (the broker sends at most that many messages at once:
 * MQTT receive maximum). Ordered groups run one, so messages are handled one at a time in arrival order.
 *
 * <p>A handler that never blocks ({@link MessageHandler#nonBlocking()}) has its first attempt on the MQTT client's
 * thread, and a message it finishes there is acknowledged there: each hand-off to a handler thread and back costs
 * two thread wake-ups, more CPU than the whole of a cheap message. What does not finish there (a stage still
 * running, a failure to retry) goes on to a handler thread as before. In an ordered group a message runs there only
 * when nothing else is in flight, and anything later queues behind whatever it left on the (single) handler thread,
 * so arrival order holds.
 */
public final class MessagePipeline {
  private static final Logger LOG = Logger.getLogger(MessagePipeline.class);
  /** A handler attempt that takes longer than this counts as failed. */
  static final long ATTEMPT_TIMEOUT_MILLIS = 60_000;

  /** Sleeps between attempts; tests replace it. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final Router router;
  private final List<MessageHandler> handlers;
  private final Retries retries;
  private final DeadLetters deadLetters;
  private final WorkerMetrics metrics;
  private final Sleeper sleeper;
  private final boolean ordered;
  private final ThreadPoolExecutor executor;
  private final AtomicLong lastArrivalNanos = new AtomicLong(System.nanoTime());
  private final AtomicInteger handledDuringDrain = new AtomicInteger();
  private final AtomicInteger handedBack = new AtomicInteger();
  private volatile boolean draining;
  private volatile boolean handingOver;

  /**
   * @param handlers the handler of each route, by route index
   * @param threads handler threads
   * @param ordered whether messages are handled one at a time in arrival order (then {@code threads} must be 1)
   */
  public MessagePipeline(Router router, List<MessageHandler> handlers, Retries retries, DeadLetters deadLetters,
      WorkerMetrics metrics, int threads, boolean ordered, Sleeper sleeper) {
    if (ordered && threads != 1) {
      throw new IllegalArgumentException("an ordered group has one handler thread, not " + threads);
    }
    this.router = router;
    this.ordered = ordered;
    this.handlers = List.copyOf(handlers);
    this.retries = retries;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.sleeper = sleeper;
    AtomicInteger n = new AtomicInteger();
    // Unbounded queue, bounded in practice by what the broker may have in flight to us (receive maximum).
    this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "handler-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Takes a delivered message; called on the MQTT client's thread, so it only queues, or runs a handler that never
   * blocks.
   */
  public void accept(InboundMessage message) {
    lastArrivalNanos.set(System.nanoTime());
    if (handingOver) {
      handedBack.incrementAndGet();
      return;
    }
    RouteMatch match = router.match(message.topic());
    metrics.route(match == null ? WorkerMetrics.NO_ROUTE : match.route().topic()).received().increment();
    metrics.arrived();
    if (match != null && handlers.get(match.routeIndex()).nonBlocking()
        && (!ordered || metrics.inFlight() == 1)) {
      firstAttemptHere(message, match);
    } else if (!onHandlerThread(message, () -> process(message, match))) {
      metrics.started();
    }
  }

  /**
   * The first attempt on the calling (client's) thread: acknowledged here when its stage is already complete;
   * otherwise a handler thread waits for it and retries as {@link #process} does.
   */
  private void firstAttemptHere(InboundMessage message, RouteMatch match) {
    metrics.started();
    WorkerMetrics.RouteMeters meters = metrics.route(match.route().topic());
    long start = System.nanoTime();
    CompletableFuture<Void> attempt = attempt(handlers.get(match.routeIndex()), message, match, 1);
    if (attempt.isDone() && !attempt.isCompletedExceptionally()) {
      succeeded(message, meters, start);
      return;
    }
    onHandlerThread(message, () -> finish(message, match, meters, attempt, start));
  }

  /** Queues {@code task}; false when the handler threads have stopped (the message then stays unacknowledged). */
  private boolean onHandlerThread(InboundMessage message, Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      // Arrived after the drain ended: left unacknowledged, so the broker delivers it again.
      metrics.done();
      LOG.debugf("%s arrived after the drain; left unacknowledged", message.topic());
      return false;
    }
  }

  private void process(InboundMessage message, RouteMatch match) {
    metrics.started();
    if (handingOver) {
      // Not started before the handover: it stays unacknowledged, and the broker gives it to another member once
      // this worker's session ends.
      handedBack.incrementAndGet();
      metrics.done();
      return;
    }
    if (match == null) {
      deadLetter(message, WorkerMetrics.NO_ROUTE, "no route matches topic " + message.topic(), 0);
      return;
    }
    finish(message, match, metrics.route(match.route().topic()), null, 0);
  }

  /**
   * Runs the attempts left and acknowledges or dead-letters the message.
   *
   * @param first the first attempt when it already started elsewhere (its start in {@code firstStart}), else null
   */
  private void finish(InboundMessage message, RouteMatch match, WorkerMetrics.RouteMeters meters,
      CompletableFuture<Void> first, long firstStart) {
    MessageHandler handler = handlers.get(match.routeIndex());
    String error = null;
    try {
      for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
        long start;
        CompletableFuture<Void> running;
        if (attempt == 1 && first != null) {
          start = firstStart;
          running = first;
        } else {
          if (attempt > 1) {
            sleeper.sleep(retries.backoffBefore(attempt));
          }
          start = System.nanoTime();
          running = attempt(handler, message, match, attempt);
        }
        try {
          running.get(ATTEMPT_TIMEOUT_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
              TimeUnit.MILLISECONDS);
          succeeded(message, meters, start);
          return;
        } catch (TimeoutException e) {
          failed(meters, start);
          error = "handler did not finish within " + ATTEMPT_TIMEOUT_MILLIS + " ms";
        } catch (ExecutionException | CancellationException e) {
          failed(meters, start);
          Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
          error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
          LOG.debugf("attempt %d of %s failed: %s", attempt, message.topic(), error);
        }
      }
      deadLetter(message, match.route().topic(), error, retries.maxAttempts());
    } catch (InterruptedException e) {
      // Stopping: the message stays unacknowledged and the broker delivers it again.
      Thread.currentThread().interrupt();
      metrics.done();
    }
  }

  /** One call of the handler; whatever it throws (a linkage error of a handler jar too) is a failed stage. */
  private static CompletableFuture<Void> attempt(MessageHandler handler, InboundMessage message, RouteMatch match,
      int attempt) {
    try {
      return handler.handle(context(message, match, attempt)).toCompletableFuture();
    } catch (Exception | LinkageError e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void succeeded(InboundMessage message, WorkerMetrics.RouteMeters meters, long start) {
    record(meters, start);
    meters.processed().increment();
    acknowledge(message);
  }

  private void failed(WorkerMetrics.RouteMeters meters, long start) {
    record(meters, start);
    meters.failed().increment();
  }

  private void record(WorkerMetrics.RouteMeters meters, long start) {
    long nanos = System.nanoTime() - start;
    metrics.busy(nanos);
    metrics.recordHandler(meters, nanos);
  }

  private void deadLetter(InboundMessage message, String route, String error, int attempts) {
    try {
      deadLetters.publish(message, route, error, attempts).get(30, TimeUnit.SECONDS);
      metrics.route(route).deadLettered().increment();
      LOG.warnf("dead-lettered topic=%s route=%s attempts=%d to=%s error=%s", message.topic(), route, attempts,
          deadLetters.topic(), error);
      acknowledge(message);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // Not acknowledged: the broker redelivers it (after a reconnect), and it is tried again.
      LOG.errorf("could not dead-letter topic=%s to %s (%s); left unacknowledged for redelivery", message.topic(),
          deadLetters.topic(), e.getMessage());
      metrics.done();
    }
  }

  /**
   * Sent from the handler thread that finished the message, as it finishes. Funnelling acknowledgements through one
   * lock to keep arrival order was measured at a quarter of the throughput (each acknowledgement hands work to the
   * client's event loop; one thread at a time cannot keep up). Ordered groups have one handler thread, so theirs
   * are in order anyway.
   */
  private void acknowledge(InboundMessage message) {
    try {
      message.acknowledge().run();
    } catch (RuntimeException e) {
      LOG.debugf("acknowledgement of %s not sent (%s); the broker will deliver it again", message.topic(),
          e.getMessage());
    } finally {
      metrics.done();
      if (draining) {
        handledDuringDrain.incrementAndGet();
      }
    }
  }

  private static MessageContext context(InboundMessage m, RouteMatch match, int attempt) {
    return new MessageContext(m.topic(), match.route().topic(), match.params(), m.payload(), m.qos(),
        m.userProperties(), m.correlationData(), m.responseTopic(), attempt);
  }

  /** How long nothing has been in flight and nothing arrived; 0 while a message is held. */
  public long idleMillis() {
    if (metrics.inFlight() > 0) {
      return 0;
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastArrivalNanos.get());
  }

  /**
   * From now on, messages not yet started are left unacknowledged instead of handled (the handover drain: the
   * broker delivers them to the group's other members when this session ends). Bounded by the receive maximum:
   * the broker sends no more than that many unacknowledged messages.
   */
  public void handOver() {
    handingOver = true;
  }

  /**
   * Waits until nothing is in flight and no message arrived for {@code quietMillis} (after an unsubscribe the broker
   * may still send what it had queued for this client), or until {@code timeoutMillis} passed.
   *
   * @return what happened during the drain
   */
  public DrainResult drain(long timeoutMillis, long quietMillis) throws InterruptedException {
    draining = true;
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      boolean quiet = System.nanoTime() - lastArrivalNanos.get() >= TimeUnit.MILLISECONDS.toNanos(quietMillis);
      if (metrics.inFlight() == 0 && quiet) {
        break;
      }
      Thread.sleep(20);
    }
    return new DrainResult(handledDuringDrain.get(), handedBack.get(), metrics.inFlight(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * @param finished messages finished (acknowledged) while draining
   * @param handedBack messages left unacknowledged for the group's other members ({@link #handOver()})
   * @param leftInFlight messages started but unfinished at the end: the broker delivers them again
   */
  public record DrainResult(int finished, int handedBack, int leftInFlight, long millis) {}

  /** Stops the handler threads; what they held stays unacknowledged. */
  public void stop() {
    executor.shutdownNow();
  }

  /** The executor service, for tests that wait for idle threads. */
  ExecutorService executor() {
    return executor;
  }
}
