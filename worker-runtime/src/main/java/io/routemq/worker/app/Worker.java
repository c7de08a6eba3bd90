package io.routemq.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.WorkerContract;
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
import java.util.Optional;
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
  /**
   * An adopted session's queue arrives right after the connect, as fast as its in-flight window allows; a longer
   * quiet spell than a drain's, because ending the session too early drops what is left.
   */
  static final long ADOPTION_QUIET_MILLIS = 2_000;

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
        : new Mqtt5Connection(config, WorkerContract.receiveMaximum(table.concurrency(), table.shared()));
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
        threads, !table.shared(), Thread::sleep);
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
        // The connection's own listener has logged why, with what to do; it keeps retrying with backoff.
        LOG.debugf("first connect to %s:%d failed (%s)", config.broker().host(), config.broker().port(),
            error.getMessage());
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

  /** Why the broker connection is down, while it is: for the readiness check's data and for tests. */
  public Optional<String> connectProblem() {
    return connection.connectProblem();
  }

  public boolean isDraining() {
    return draining;
  }

  /**
   * Drain: readiness turns false; then one of three ways out, bounded by the route table's drain timeout, then a
   * disconnect, and one log line with the counts.
   * <ul>
   *   <li>Shared group, {@link DrainMode#Unsubscribe}: unsubscribe, finish and acknowledge what the broker still
   *       delivers until a quiet spell; a complete drain ends the session.
   *   <li>Shared group, {@link DrainMode#Handover}: finish what was started, leave later deliveries unacknowledged
   *       and end the session, so the broker gives them to the other members.
   *   <li>Ordered group: finish the message in hand and keep the session, which carries the group's own client id:
   *       the replacement pod resumes it, with what was left unacknowledged first and in order, then what was
   *       published meanwhile. Unsubscribing instead would lose everything published until the replacement
   *       subscribes.
   * </ul>
   * An incomplete drain keeps the session in every case, so the messages left unacknowledged are delivered again.
   */
  public MessagePipeline.DrainResult drain() throws InterruptedException {
    draining = true;
    idleCheck.shutdownNow();
    long start = System.nanoTime();
    boolean shared = config.routeTable().shared();
    String mode = !shared ? "keep-session" : config.drainMode() == DrainMode.Handover ? "handover" : "unsubscribe";
    if (mode.equals("unsubscribe")) {
      try {
        connection.unsubscribe().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warnf("unsubscribe before draining failed (%s); draining anyway", e.getMessage());
      }
    } else {
      pipeline.handOver();
    }
    long budget = TimeUnit.SECONDS.toMillis(config.routeTable().drainTimeoutSeconds())
        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // Unsubscribed, the broker may still send what it had assigned to this worker: wait for a quiet spell. Otherwise
    // what arrives is left for whoever comes next: only the messages already started count.
    MessagePipeline.DrainResult result =
        pipeline.drain(Math.max(0, budget), mode.equals("unsubscribe") ? DRAIN_QUIET_MILLIS : 0);
    pipeline.stop();
    boolean sessionEnded = shared && result.leftInFlight() == 0;
    disconnect(sessionEnded);
    if (sessionEnded) {
      TerminationMessage.write(System.getenv(), WorkerContract.TERMINATION_SESSION_ENDED);
    }
    LOG.infof("drained mode=%s finished=%d handed_back=%d left_unacked=%d duration_ms=%d%s", mode,
        result.finished(), result.handedBack(), result.leftInFlight(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        result.leftInFlight() == 0 ? "" : " (drain timeout reached; the broker delivers those again)");
    return result;
  }

  /**
   * Adopts the broker session this worker's client id names, left behind by a worker of the group that is gone for
   * good (a lost node, a forced delete, a drain cut short): without it, a broker that keeps an offline member's
   * share of a shared subscription (Mosquitto 2.0.11) holds those messages until the session expires, then drops
   * them. Resumes the session without subscribing; with {@link DrainMode#Unsubscribe} removes the group's
   * subscriptions from it and handles what the broker still delivers until a quiet spell, like a drain; with
   * {@link DrainMode#Handover} leaves everything unacknowledged for the group. Ends the session when nothing is left
   * unacknowledged, else keeps it for another try.
   *
   * @param timeoutMillis how long the handling may take
   */
  public SessionAdoption.Result adopt(long timeoutMillis) throws Exception {
    draining = true;
    long start = System.nanoTime();
    boolean handover = config.drainMode() == DrainMode.Handover;
    if (handover) {
      pipeline.handOver();
    }
    MessagePipeline.DrainResult result = new MessagePipeline.DrainResult(0, 0, 0, 0);
    boolean present = false;
    boolean complete = false;
    try {
      present = connection.resume(subscriptions(), pipeline::accept).get(30, TimeUnit.SECONDS);
      if (present) {
        if (!handover) {
          connection.unsubscribe().get(10, TimeUnit.SECONDS);
        }
        result = pipeline.drain(timeoutMillis, handover ? 0 : ADOPTION_QUIET_MILLIS);
      }
      complete = result.leftInFlight() == 0;
    } finally {
      pipeline.stop();
      // Interrupted or failed half-way, the session is kept: what it still holds goes to the next try.
      disconnect(complete);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // Counted by the meters, not the drain: the first messages may be done before the drain starts.
    int processed = (int) processed();
    LOG.infof("adopted session=%s present=%s processed=%d handed_back=%d left_unacked=%d duration_ms=%d",
        config.clientId(), present, processed, result.handedBack(), result.leftInFlight(), millis);
    return new SessionAdoption.Result(config.clientId(), present, processed, result.handedBack(),
        result.leftInFlight(), millis);
  }

  private void disconnect(boolean endSession) {
    try {
      connection.disconnect(endSession).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warnf("disconnect failed: %s", e.getMessage());
    }
  }
}
