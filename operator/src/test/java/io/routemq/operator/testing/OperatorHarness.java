package io.routemq.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.operator.app.StandaloneOperator;
import io.routemq.operator.reconcile.OperatorSettings;
import io.routemq.operator.reconcile.GroupScaler;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;

/** Starts the operator against a {@link MockKube}: no server-side apply (the mock lacks it). */
public final class OperatorHarness implements AutoCloseable {

  private final Operator operator;
  private final KubernetesClient client;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private OperatorHarness(KubernetesClient client, Duration resync) {
    this(client, resync, Set.of(), o -> {}, GenericRetry.defaultLimitedExponentialRetry(),
        GroupScaler.holdCurrent());
  }

  private OperatorHarness(KubernetesClient client, Duration resync, Set<String> namespaces,
      Consumer<ConfigurationServiceOverrider> extra, Retry retry, GroupScaler scaler) {
    this.client = client;
    OperatorSettings settings = new OperatorSettings(OperatorSettings.defaults().handlerCatalog(), Duration.ofSeconds(1),
        Duration.ofSeconds(1));
    operator = StandaloneOperator.start(client, settings, scaler, registry, namespaces, resync,
        o -> {
          o.withUseSSAToPatchPrimaryResource(false)
              .withSSABasedCreateUpdateMatchForDependentResources(false)
              .withConcurrentReconciliationThreads(16);
          extra.accept(o);
        },
        c -> c.withRetry(retry));
  }

  public static OperatorHarness start(KubernetesClient client) {
    return new OperatorHarness(client, Duration.ofSeconds(30));
  }

  public static OperatorHarness start(KubernetesClient client, Duration resync) {
    return new OperatorHarness(client, resync);
  }

  /** An operator watching only {@code namespaces}, with extra JOSDK settings (e.g. leader election). */
  public static OperatorHarness start(KubernetesClient client, Set<String> namespaces,
      Consumer<ConfigurationServiceOverrider> extra) {
    return new OperatorHarness(client, Duration.ofSeconds(30), namespaces, extra,
        GenericRetry.defaultLimitedExponentialRetry(), GroupScaler.holdCurrent());
  }

  /** An operator whose failed reconciles are retried as given (e.g. quickly, to reach the last retry). */
  public static OperatorHarness start(KubernetesClient client, Retry retry) {
    return new OperatorHarness(client, Duration.ofSeconds(30), Set.of(), o -> {}, retry, GroupScaler.holdCurrent());
  }

  /** An operator with the given autoscaler (e.g. the real one, scraping test servers). */
  public static OperatorHarness start(KubernetesClient client, GroupScaler scaler) {
    return new OperatorHarness(client, Duration.ofSeconds(30), Set.of(), o -> {},
        GenericRetry.defaultLimitedExponentialRetry(), scaler);
  }

  /** The registry the operator's metrics go to. */
  public SimpleMeterRegistry registry() {
    return registry;
  }

  /** Successful reconciles so far. */
  public double reconciles() {
    var counter = registry.find("routemq_operator_reconciles_total").tag("result", "success").counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    operator.stop();
    client.close();
  }
}
