package io.routemq.worker.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.routemq.crds.routetable.WorkerContract;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The worker's Prometheus metrics, named as {@link WorkerContract} says: the operator scales on them. Per-route series
 * carry the label {@code route} (the route's topic pattern) and exist from the start, at zero.
 */
public final class WorkerMetrics {
  /** Route label of a message no route matched. */
  public static final String NO_ROUTE = "(none)";

  /** Histogram buckets: a dozen, from 1 ms to 10 s (Micrometer's percentile histogram has ~70 per route). */
  private static final Duration[] LATENCY_BUCKETS = Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
      .map(Duration::ofMillis).toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder busyNanos = new LongAdder();

  /** The meters of one route. */
  public record RouteMeters(Counter received, Counter processed, Counter failed, Counter deadLettered, Timer handler) {}

  public WorkerMetrics(MeterRegistry registry, List<String> routePatterns, int handlerThreads) {
    this.registry = registry;
    Gauge.builder(WorkerContract.METRIC_IN_FLIGHT, inFlight, AtomicInteger::get)
        .description("Messages received and not yet acknowledged").register(registry);
    Gauge.builder(WorkerContract.METRIC_QUEUE_DEPTH, queued, AtomicInteger::get)
        .description("Messages received and waiting for a handler thread").register(registry);
    Gauge.builder(WorkerContract.METRIC_HANDLER_THREADS, () -> handlerThreads)
        .description("Handler threads").register(registry);
    FunctionCounter.builder(counterName(WorkerContract.METRIC_BUSY_SECONDS), busyNanos, b -> b.sum() / 1e9)
        .description("Seconds handler threads spent handling, summed over threads").register(registry);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    FunctionCounter.builder(counterName(WorkerContract.METRIC_CPU_SECONDS), os,
            o -> Math.max(0, o.getProcessCpuTime()) / 1e9)
        .description("CPU seconds used by the worker process").register(registry);
    routePatterns.forEach(this::route);
  }

  /**
   * Micrometer's Prometheus naming adds {@code _total} to counters itself: the meter is named without it, so the
   * exported name is exactly the contract's.
   */
  static String counterName(String exported) {
    return exported.endsWith("_total") ? exported.substring(0, exported.length() - "_total".length()) : exported;
  }

  /** Micrometer adds the base unit to timers ({@code _seconds}): named without it, exported as the contract says. */
  static String timerName(String exported) {
    return exported.endsWith("_seconds") ? exported.substring(0, exported.length() - "_seconds".length()) : exported;
  }

  public RouteMeters route(String pattern) {
    return routes.computeIfAbsent(pattern, p -> new RouteMeters(
        Counter.builder(counterName(WorkerContract.METRIC_RECEIVED)).tag("route", p)
            .description("Messages delivered to the worker").register(registry),
        Counter.builder(counterName(WorkerContract.METRIC_PROCESSED)).tag("route", p)
            .description("Messages whose handler succeeded").register(registry),
        Counter.builder(counterName(WorkerContract.METRIC_FAILED)).tag("route", p)
            .description("Failed handler attempts").register(registry),
        Counter.builder(counterName(WorkerContract.METRIC_DEAD_LETTERED)).tag("route", p)
            .description("Messages sent to the dead-letter topic").register(registry),
        Timer.builder(timerName(WorkerContract.METRIC_HANDLER_SECONDS)).tag("route", p)
            .description("Handler latency per attempt").serviceLevelObjectives(LATENCY_BUCKETS).register(registry)));
  }

  /** A message arrived: in flight and queued until a handler thread takes it. */
  public void arrived() {
    inFlight.incrementAndGet();
    queued.incrementAndGet();
  }

  public void started() {
    queued.decrementAndGet();
  }

  /** The message left the worker (acknowledged, or given up on). */
  public void done() {
    inFlight.decrementAndGet();
  }

  public void busy(long nanos) {
    busyNanos.add(nanos);
  }

  /** Messages handled successfully so far, all routes. */
  public double processedTotal() {
    return routes.values().stream().mapToDouble(r -> r.processed().count()).sum();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void recordHandler(RouteMeters meters, long nanos) {
    meters.handler().record(nanos, TimeUnit.NANOSECONDS);
  }
}
