package io.routemq.operator.app;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.routemq.operator.reconcile.OperatorSettings;
import io.routemq.operator.reconcile.ReconcileMetrics;
import io.routemq.operator.reconcile.ReplicaDecider;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI wiring of the reconciler's collaborators; plain Java callers construct them directly. */
public class OperatorBeans {

  @Produces
  @Singleton
  OperatorSettings settings(OperatorConfig config) {
    return new OperatorSettings(config.handlers(), config.invalidSpecRetry());
  }

  /** Until the autoscaling engine provides its own bean: keep what runs, start at min. */
  @Produces
  @Singleton
  @DefaultBean
  ReplicaDecider replicaDecider() {
    return ReplicaDecider.holdCurrent();
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
