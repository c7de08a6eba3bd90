package io.routemq.operator.app;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.routemq.operator.reconcile.OperatorSettings;
import io.routemq.operator.reconcile.ReconcileMetrics;
import io.routemq.operator.reconcile.GroupScaler;
import io.routemq.operator.scaling.AutoscalingGroupScaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI wiring of the reconciler's collaborators; plain Java callers construct them directly. */
public class OperatorBeans {

  @Produces
  @Singleton
  OperatorSettings settings(OperatorConfig config) {
    return new OperatorSettings(config.handlers(), config.invalidSpecRetry(), config.secretRecheck());
  }

  /** The autoscaler: scrapes each autoscaled group's pods every interval and runs the decision engine. */
  @Produces
  @Singleton
  @DefaultBean
  GroupScaler groupScaler(Clock clock, MeterRegistry registry, KubernetesClient client, OperatorConfig config) {
    return AutoscalingGroupScaler.create(clock, registry, client, config.scrapeTimeout());
  }

  void closeScaler(@Disposes GroupScaler scaler) throws Exception {
    if (scaler instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Produces
  @Singleton
  @DefaultBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  ReconcileMetrics metrics(MeterRegistry registry) {
    return new ReconcileMetrics(registry);
  }

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(OperatorConfig config) {
    return new LeaderElectionConfiguration(
        config.leaderElection().leaseName(), config.leaderElection().leaseNamespace().orElse(null));
  }
}
