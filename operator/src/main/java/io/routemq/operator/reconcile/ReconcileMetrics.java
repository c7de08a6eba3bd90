package io.routemq.operator.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.Callable;

/** Operator metrics: reconciles by result, their duration, and writes to child objects. */
public class ReconcileMetrics {

  private final Counter success;
  private final Counter errors;
  private final Counter writes;
  private final Counter rejected;
  private final Timer duration;

  public ReconcileMetrics(MeterRegistry registry) {
    success = Counter.builder("routemq_operator_reconciles_total").tag("result", "success")
        .description("Reconciles of RouteMQClusters").register(registry);
    errors = Counter.builder("routemq_operator_reconciles_total").tag("result", "error")
        .description("Reconciles of RouteMQClusters").register(registry);
    rejected = Counter.builder("routemq_operator_specs_rejected_total")
        .description("Reconciles that found a spec the operator cannot apply").register(registry);
    writes = Counter.builder("routemq_operator_child_writes_total")
        .description("Creates, updates and deletes of Deployments, ConfigMaps, HPAs and PDBs").register(registry);
    duration = Timer.builder("routemq_operator_reconcile_seconds")
        .description("Time of one reconcile").register(registry);
  }

  public <T> T time(Callable<T> reconcile) throws Exception {
    Timer.Sample sample = Timer.start();
    try {
      T result = reconcile.call();
      success.increment();
      return result;
    } catch (Exception | Error e) {
      errors.increment();
      throw e;
    } finally {
      sample.stop(duration);
    }
  }

  public void writes(int count) {
    writes.increment(count);
  }

  public void rejected() {
    rejected.increment();
  }
}
