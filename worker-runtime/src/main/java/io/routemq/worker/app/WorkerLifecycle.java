package io.routemq.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.routemq.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private volatile Thread adoption;

  void onStart(@Observes StartupEvent event) {
    // SIGTERM is how Kubernetes stops a pod: shut down in order (drain) and exit 0, not the JVM's 143, because a
    // drained worker stopped as asked.
    Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
    try {
      WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
      List<String> adopt = SessionAdoption.requested(System.getenv());
      if (!adopt.isEmpty()) {
        startAdoption(config, adopt);
        return;
      }
      Worker w = new Worker(config, registry);
      w.start();
      worker = w;
    } catch (RuntimeException e) {
      LOG.errorf("cannot start the worker: %s", e.getMessage());
      // The kubelet copies this into the pod's status, where the operator reports a crash-looping group with it.
      TerminationMessage.write(System.getenv(), "cannot start the worker: " + e.getMessage());
      Quarkus.asyncExit(2);
    }
  }

  /** A session-adopter pod: adopts, then exits with the adoption's code; never ready, so never a group member. */
  private void startAdoption(WorkerConfig config, List<String> clientIds) {
    Thread t = new Thread(() -> {
      int code = 1;
      try {
        code = SessionAdoption.run(config, clientIds, System.getenv());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.errorf("cannot adopt the sessions: %s", e.getMessage());
      }
      Quarkus.asyncExit(code);
    }, "session-adoption");
    adoption = t;
    t.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    Thread a = adoption;
    if (a != null && a != Thread.currentThread()) {
      // Stopped from outside (SIGTERM): the sessions not yet emptied are kept for the next adopter.
      a.interrupt();
      try {
        a.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
