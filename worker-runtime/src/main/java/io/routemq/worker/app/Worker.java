package io.routemq.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.config.WorkerConfig;
import io.routemq.worker.handler.HandlerCatalog;
import io.routemq.worker.handler.MessageHandler;
import io.routemq.worker.metrics.WorkerMetrics;
import io.routemq.worker.mqtt.BrokerConnection;
import io.routemq.worker.mqtt.Mqtt3Connection;
import io.routemq.worker.mqtt.Mqtt5Connection;
import io.routemq.worker.pipeline.DeadLetters;
import io.routemq.worker.pipeline.MessagePipeline;
import io.routemq.worker.pipeline.Retries;
import io.routemq.worker.routing.InvalidRouteException;
import io.routemq.worker.routing.Router;
import io.routemq.worker.routing.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One worker: the route table's router and handlers, the pipeline, and the broker connection, wired from a
 * {@link WorkerConfig}. Independent of Quarkus, so tests and benchmarks run it in-process.
 */
public final class Worker {
  private static final Logger LOG = Logger.getLogger(Worker.class);
  /** After the unsubscribe, the drain ends once no message arrived for this long and nothing is in flight. */
  static final long DRAIN_QUIET_MILLIS = 500;

  private final WorkerConfig config;
  private final Router router;
  private final BrokerConnection connection;
  private final MessagePipeline pipeline;
  private final WorkerMetrics metrics;
  private final ScheduledExecutorService idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "idle-resubscribe");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean draining;
  private long lastResubscribeNanos = System.nanoTime();

  /**
   * Builds everything that can fail on bad input (routes, handler settings) before connecting.
   *
   * @throws InvalidRouteException or IllegalArgumentException naming the route at fault
   */
  public Worker(WorkerConfig config, MeterRegistry registry) {
    this.config = config;
    RouteTable table = config.routeTable();
    this.router = Router.compile(table.routes());
    int threads = table.shared() ? table.concurrency() : 1;
    this.connection = config.mqttVersion().equals("3.1.1") ? new Mqtt3Connection(config)
        : new Mqtt5Connection(config, table.concurrency());
    HandlerCatalog catalog = HandlerCatalog.load(config.handlersDir());
    List<MessageHandler> handlers = new ArrayList<>();
    for (int i = 0; i < table.routes().size(); i++) {
      RouteTable.Route route = table.routes().get(i);
      try {
        handlers.add(catalog.create(route.handler(), route.config(), connection::publish));
      } catch (IllegalArgumentException e) {
        throw new InvalidRouteException("route " + i + " ('" + route.topic() + "'), handler " + route.handler()
            + ": " + e.getMessage());
      }
    }
    this.metrics = new WorkerMetrics(registry,
        table.routes().stream().map(RouteTable.Route::topic).toList(), threads);
    DeadLetters deadLetters = new DeadLetters(connection, table.failurePolicy().deadLetterTopic(),
        !config.mqttVersion().equals("3.1.1"));
    this.pipeline = new MessagePipeline(router, handlers, Retries.of(table.failurePolicy()), deadLetters, metrics,
        threads, Thread::sleep);
  }

  /** Connects and subscribes; returns at once (the connection retries by itself until the broker answers). */
  public void start() {
    List<Subscription> subscriptions = subscriptions();
    LOG.infof("worker %s starting: group %s/%s, %d routes, %s, subscriptions %s", config.clientId(),
        config.routeTable().cluster(), config.routeTable().group(), router.size(),
        config.routeTable().shared() ? "shared, concurrency " + config.routeTable().concurrency()
            : "ordered (one at a time)", subscriptions);
    connection.start(subscriptions, pipeline::accept).whenComplete((ok, error) -> {
      if (error != null) {
        LOG.warnf("first connect to %s:%d failed (%s); retrying with backoff", config.broker().host(),
            config.broker().port(), error.getMessage());
      }
    });
    if (config.routeTable().shared() && config.idleResubscribeSeconds() > 0) {
      idleCheck.scheduleWithFixedDelay(this::resubscribeIfIdle, 1, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * An idle member of a shared group subscribes again, at most once per idle period: HiveMQ CE 2025.5 was seen to
   * leave a member idle beside a backlog (also with bare clients) until it did. One SUBSCRIBE per period costs a
   * compliant broker nothing; shared subscriptions get no retained messages.
   */
  private void resubscribeIfIdle() {
    long periodMillis = TimeUnit.SECONDS.toMillis(config.idleResubscribeSeconds());
    if (draining || pipeline.idleMillis() < periodMillis
        || System.nanoTime() - lastResubscribeNanos < TimeUnit.MILLISECONDS.toNanos(periodMillis)) {
      return;
    }
    lastResubscribeNanos = System.nanoTime();
    connection.resubscribe().whenComplete((ok, error) -> {
      if (error != null) {
        LOG.debugf("re-subscribe while idle failed: %s", error.getMessage());
      }
    });
  }

  /** Shared groups subscribe as {@code $share/<cluster>-<group>/<filter>}. */
  List<Subscription> subscriptions() {
    RouteTable table = config.routeTable();
    return router.subscriptions().stream()
        .map(s -> table.shared() ? new Subscription("$share/" + table.shareName() + "/" + s.filter(), s.qos()) : s)
        .toList();
  }

  /** Messages handled successfully so far. */
  public double processed() {
    return metrics.processedTotal();
  }

  public boolean isReady() {
    return !draining && connection.isSubscribed();
  }

  public boolean isConnected() {
    return connection.isConnected();
  }

  public boolean isDraining() {
    return draining;
  }

  /**
   * Drain: readiness turns false; then either unsubscribe and finish and acknowledge what was delivered, or (shared
   * group, {@link DrainMode#Handover}) finish what was started and leave later deliveries unacknowledged for the
   * other members; bounded by the route table's drain timeout; then disconnect. A complete drain also ends the
   * broker session; an incomplete one keeps it, so the messages left unacknowledged can be delivered again. One log
   * line with the counts.
   */
  public MessagePipeline.DrainResult drain() throws InterruptedException {
    draining = true;
    idleCheck.shutdownNow();
    long start = System.nanoTime();
    boolean handover = config.drainMode() == DrainMode.Handover && config.routeTable().shared();
    if (handover) {
      pipeline.handOver();
    } else {
      try {
        connection.unsubscribe().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warnf("unsubscribe before draining failed (%s); draining anyway", e.getMessage());
      }
    }
    long budget = TimeUnit.SECONDS.toMillis(config.routeTable().drainTimeoutSeconds())
        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // Unsubscribed, the broker may still send what it had assigned to this worker: wait for a quiet spell. Handing
    // over, what arrives is left for the others: only the messages already started count.
    MessagePipeline.DrainResult result = pipeline.drain(Math.max(0, budget), handover ? 0 : DRAIN_QUIET_MILLIS);
    pipeline.stop();
    try {
      connection.disconnect(result.leftInFlight() == 0).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warnf("disconnect failed: %s", e.getMessage());
    }
    LOG.infof("drained mode=%s finished=%d handed_back=%d left_unacked=%d duration_ms=%d%s",
        handover ? "handover" : "unsubscribe", result.finished(), result.handedBack(), result.leftInFlight(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        result.leftInFlight() == 0 ? "" : " (drain timeout reached; the broker delivers those again)");
    return result;
  }
}
