package io.routemq.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.routemq.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * Starts the worker with the application and drains it on SIGTERM (Quarkus runs shutdown observers before the HTTP
 * server stops, so readiness reports the drain). Bad configuration ends the process with exit code 2 and one line
 * saying what to fix.
 */
@ApplicationScoped
public class WorkerLifecycle {
  private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

  @Inject
  MeterRegistry registry;

  private volatile Worker worker;

  void onStart(@Observes StartupEvent event) {
    // SIGTERM is how Kubernetes stops a pod: shut down in order (drain) and exit 0, not the JVM's 143, because a
    // drained worker stopped as asked.
    Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
    try {
      Worker w = new Worker(WorkerConfig.fromEnv(System.getenv()), registry);
      w.start();
      worker = w;
    } catch (RuntimeException e) {
      LOG.errorf("cannot start the worker: %s", e.getMessage());
      Quarkus.asyncExit(2);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    Worker w = worker;
    if (w == null) {
      return;
    }
    try {
      w.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Null until started (or when the configuration was refused). */
  Worker worker() {
    return worker;
  }
}
