package io.routemq.operator.scaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.reconcile.OperatorMetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/** The per-group series of the operator's /q/metrics (names in {@link OperatorMetricNames}). */
final class GroupScalingMeters {

  /** The latest values of one group; gauges read them when scraped. */
  private static final class Values {
    volatile double desired = Double.NaN;
    volatile double ready = Double.NaN;
    volatile double arrival = Double.NaN;
    volatile double processing = Double.NaN;
    volatile double queueDepth = Double.NaN;
    volatile double cpu = Double.NaN;
    final List<Meter> meters = new ArrayList<>();
  }

  private final MeterRegistry registry;
  private final Map<GroupKey, Values> groups = new ConcurrentHashMap<>();

  GroupScalingMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void workers(GroupKey key, int desired, int ready) {
    Values v = values(key);
    v.desired = desired;
    v.ready = ready;
  }

  void figures(GroupKey key, double arrival, double processing, long queueDepth, Integer cpuPercent) {
    Values v = values(key);
    v.arrival = arrival;
    v.processing = processing;
    v.queueDepth = queueDepth;
    v.cpu = cpuPercent == null ? Double.NaN : cpuPercent / 100.0;
  }

  void scalingEvent(GroupKey key, String direction) {
    Counter.builder(OperatorMetricNames.SCALING_EVENTS).tags(tags(key).and("direction", direction))
        .description("Scaling decisions written to status history").register(registry).increment();
  }

  void forget(GroupKey key) {
    Values v = groups.remove(key);
    if (v != null) {
      v.meters.forEach(registry::remove);
    }
  }

  private Values values(GroupKey key) {
    return groups.computeIfAbsent(key, k -> {
      Values v = new Values();
      Tags tags = tags(k);
      v.meters.add(gauge(OperatorMetricNames.GROUP_WORKERS_DESIRED, "Workers the group should have", tags, v,
          x -> x.desired));
      v.meters.add(gauge(OperatorMetricNames.GROUP_WORKERS_READY, "Workers ready", tags, v, x -> x.ready));
      v.meters.add(gauge(OperatorMetricNames.GROUP_ARRIVAL_RATE, "Messages per second arriving", tags, v,
          x -> x.arrival));
      v.meters.add(gauge(OperatorMetricNames.GROUP_PROCESSING_RATE, "Messages per second processed", tags, v,
          x -> x.processing));
      v.meters.add(gauge(OperatorMetricNames.GROUP_QUEUE_DEPTH, "Messages waiting", tags, v, x -> x.queueDepth));
      v.meters.add(gauge(OperatorMetricNames.GROUP_CPU_UTILIZATION, "CPU used relative to the request", tags, v,
          x -> x.cpu));
      return v;
    });
  }

  private Meter gauge(String name, String description, Tags tags, Values v,
      ToDoubleFunction<Values> read) {
    return Gauge.builder(name, v, read).description(description).tags(tags).register(registry);
  }

  private static Tags tags(GroupKey key) {
    return Tags.of("namespace", key.namespace(), "cluster", key.cluster(), "group", key.group());
  }
}
