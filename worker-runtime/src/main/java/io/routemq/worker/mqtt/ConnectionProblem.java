package io.routemq.worker.mqtt;

import io.routemq.worker.config.WorkerConfig;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What keeps a connection from coming up, for the log and the readiness check. A broker that refuses the worker
 * (wrong CA, refused login) refuses every retry the same way: the explanation is logged when it is new and then
 * once per {@link #REPEAT_EVERY} attempts, so a worker backing off for hours writes a handful of lines, not one
 * per retry.
 */
final class ConnectionProblem {
  static final int REPEAT_EVERY = 20;
  private static final Logger LOG = Logger.getLogger(ConnectionProblem.class);

  private final WorkerConfig config;
  private volatile String current;
  private int attempts;
  private boolean connected;

  ConnectionProblem(WorkerConfig config) {
    this.config = config;
  }

  synchronized void connected() {
    if (current != null) {
      LOG.infof("connected to %s:%d after %d failed attempts", config.broker().host(), config.broker().port(),
          attempts);
    }
    current = null;
    attempts = 0;
    connected = true;
  }

  /** A lost connection or a failed connect attempt; the client retries with backoff (0.5 s doubling to 30 s). */
  synchronized void disconnected(Throwable cause) {
    if (connected) {
      connected = false;
      LOG.infof("disconnected from the broker: %s", cause.getMessage());
      return;
    }
    attempts++;
    String explanation = ConnectFailures.explain(cause, config);
    if (!explanation.equals(current)) {
      current = explanation;
      LOG.warnf("%s. Retrying with backoff (up to every 30 s); not ready until connected.", explanation);
    } else if (attempts % REPEAT_EVERY == 0) {
      LOG.warnf("still not connected after %d attempts: %s", attempts, explanation);
    }
  }

  /** Why the last connect attempt failed, while the connection is down. */
  Optional<String> current() {
    return Optional.ofNullable(current);
  }
}
