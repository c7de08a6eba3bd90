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
    success = Counter.builder(OperatorMetricNames.RECONCILES).tag("result", "success")
        .description("Reconciles of RouteMQClusters").register(registry);
    errors = Counter.builder(OperatorMetricNames.RECONCILES).tag("result", "error")
        .description("Reconciles of RouteMQClusters").register(registry);
    rejected = Counter.builder(OperatorMetricNames.SPECS_REJECTED)
        .description("Reconciles that found a spec the operator cannot apply").register(registry);
    writes = Counter.builder(OperatorMetricNames.CHILD_WRITES)
        .description("Creates, updates and deletes of Deployments, ConfigMaps, HPAs and PDBs").register(registry);
    duration = Timer.builder(OperatorMetricNames.RECONCILE_SECONDS)
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
