package io.routemq.operator.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.micrometer.core.instrument.MeterRegistry;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.reconcile.OperatorSettings;
import io.routemq.operator.reconcile.ReconcileMetrics;
import io.routemq.operator.reconcile.GroupScaler;
import io.routemq.operator.reconcile.RouteMQClusterReconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Starts the reconciler on a plain JOSDK {@link Operator}, without Quarkus: for embedding the operator
 * in another JVM (the end-to-end tests, benchmarks). The Quarkus application wires the same reconciler
 * through CDI instead.
 */
public final class StandaloneOperator {

  private StandaloneOperator() {}

  /**
   * @param namespaces namespaces to watch; empty for all
   * @param resync how often every cluster is reconciled even without events
   * @param configuration extra JOSDK settings (e.g. leader election, or no server-side apply for an
   *     API server that lacks it)
   */
  public static Operator start(
      KubernetesClient client,
      OperatorSettings settings,
      GroupScaler scaler,
      MeterRegistry registry,
      Set<String> namespaces,
      Duration resync,
      Consumer<ConfigurationServiceOverrider> configuration) {
    return start(client, settings, scaler, registry, namespaces, resync, configuration, c -> {});
  }

  /** As above, plus settings of the controller itself (e.g. its retry policy). */
  public static Operator start(
      KubernetesClient client,
      OperatorSettings settings,
      GroupScaler scaler,
      MeterRegistry registry,
      Set<String> namespaces,
      Duration resync,
      Consumer<ConfigurationServiceOverrider> configuration,
      Consumer<ControllerConfigurationOverrider<RouteMQCluster>> controller) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client).withCloseClientOnStop(false);
      configuration.accept(o);
    });
    RouteMQClusterReconciler reconciler =
        new RouteMQClusterReconciler(settings, scaler, new ReconcileMetrics(registry), Clock.systemUTC());
    operator.register(reconciler, c -> {
      c.withReconciliationMaxInterval(resync);
      if (namespaces.isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(namespaces);
      }
      controller.accept(c);
    });
    operator.start();
    return operator;
  }
}
