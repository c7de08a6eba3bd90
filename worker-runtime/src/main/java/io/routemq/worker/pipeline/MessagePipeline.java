package io.routemq.worker.pipeline;

import io.routemq.worker.handler.MessageContext;
import io.routemq.worker.handler.MessageHandler;
import io.routemq.worker.metrics.WorkerMetrics;
import io.routemq.worker.mqtt.InboundMessage;
import io.routemq.worker.routing.RouteMatch;
import io.routemq.worker.routing.Router;
import java.util.List;
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
  private final ThreadPoolExecutor executor;
  private final AtomicLong lastArrivalNanos = new AtomicLong(System.nanoTime());
  private final AtomicInteger handledDuringDrain = new AtomicInteger();
  private final AtomicInteger handedBack = new AtomicInteger();
  private volatile boolean draining;
  private volatile boolean handingOver;

  /**
   * @param handlers the handler of each route, by route index
   * @param threads handler threads (1 keeps arrival order)
   */
  public MessagePipeline(Router router, List<MessageHandler> handlers, Retries retries, DeadLetters deadLetters,
      WorkerMetrics metrics, int threads, Sleeper sleeper) {
    this.router = router;
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

  /** Takes a delivered message; called on the MQTT client's thread, so it only queues. */
  public void accept(InboundMessage message) {
    lastArrivalNanos.set(System.nanoTime());
    if (handingOver) {
      handedBack.incrementAndGet();
      return;
    }
    RouteMatch match = router.match(message.topic());
    metrics.route(match == null ? WorkerMetrics.NO_ROUTE : match.route().topic()).received().increment();
    metrics.arrived();
    try {
      executor.execute(() -> process(message, match));
    } catch (RejectedExecutionException e) {
      // Arrived after the drain ended: left unacknowledged, so the broker delivers it again.
      metrics.started();
      metrics.done();
      LOG.debugf("%s arrived after the drain; left unacknowledged", message.topic());
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
    try {
      if (match == null) {
        deadLetter(message, WorkerMetrics.NO_ROUTE, "no route matches topic " + message.topic(), 0);
        return;
      }
      WorkerMetrics.RouteMeters meters = metrics.route(match.route().topic());
      MessageHandler handler = handlers.get(match.routeIndex());
      String error = null;
      for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
        if (attempt > 1) {
          sleeper.sleep(retries.backoffBefore(attempt));
        }
        long start = System.nanoTime();
        try {
          handler.handle(context(message, match, attempt)).toCompletableFuture()
              .get(ATTEMPT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
          record(meters, start);
          meters.processed().increment();
          acknowledge(message);
          return;
        } catch (InterruptedException e) {
          throw e;
        } catch (TimeoutException e) {
          record(meters, start);
          meters.failed().increment();
          error = "handler did not finish within " + ATTEMPT_TIMEOUT_MILLIS + " ms";
        } catch (Exception | LinkageError e) {
          record(meters, start);
          meters.failed().increment();
          Throwable cause = e instanceof ExecutionException && e.getCause() != null
              ? e.getCause() : e;
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
