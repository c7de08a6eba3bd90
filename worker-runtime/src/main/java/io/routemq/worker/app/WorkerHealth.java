package io.routemq.worker.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: connected, subscribed and not draining — only then does the operator count the pod as a worker. */
@ApplicationScoped
public class WorkerHealth {

  @Inject
  WorkerLifecycle lifecycle;

  @Readiness
  HealthCheck ready() {
    return () -> {
      Worker w = lifecycle.worker();
      boolean up = w != null && w.isReady();
      var response = HealthCheckResponse.named("routemq-worker").status(up)
          .withData("started", w != null)
          .withData("connected", w != null && w.isConnected())
          .withData("draining", w != null && w.isDraining());
      if (w != null) {
        w.connectProblem().ifPresent(problem -> response.withData("problem", problem));
      }
      return response.build();
    };
  }

  /** The process answers; broker outages are readiness, not liveness (a restart would not fix them). */
  @Liveness
  HealthCheck alive() {
    return () -> HealthCheckResponse.up("routemq-worker");
  }
}
