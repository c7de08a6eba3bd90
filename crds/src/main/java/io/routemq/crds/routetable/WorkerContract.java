package io.routemq.crds.routetable;

/**
 * What the operator and a worker agree on besides the route table: environment variables, file
 * locations, ports and the Prometheus metric names the operator scales on. One place, so the two
 * sides cannot drift.
 */
public final class WorkerContract {

  private WorkerContract() {}

  /** MQTT carries the receive maximum in two bytes. */
  private static final int MAX_RECEIVE_MAXIMUM = 65_535;

  /**
   * The MQTT receive maximum a worker asks for: the broker sends it at most this many unacknowledged messages. A
   * shared group's worker runs {@code concurrency} handler threads and takes a few more than that — its prefetch,
   * a quarter of the threads, at least 2 — so that a thread finishing a message finds the next one waiting instead
   * of idling for the round trip (acknowledgement to the broker, next message back). That also makes saturation
   * visible: a worker whose prefetched messages wait while every thread is busy is fed faster than it works, so
   * more waits in the broker (the operator's saturation rule reads it). A non-shared worker runs one thread and
   * takes {@code concurrency} at a time, as before.
   */
  public static int receiveMaximum(int concurrency, boolean shared) {
    return shared ? Math.min(MAX_RECEIVE_MAXIMUM, concurrency + prefetch(concurrency)) : concurrency;
  }

  /** Messages a shared group's worker holds beyond its handler threads, see {@link #receiveMaximum}. */
  public static int prefetch(int concurrency) {
    return Math.max(2, (concurrency + 3) / 4);
  }

  // Environment of a worker container.
  /** Path of the route-table file. */
  public static final String ENV_ROUTE_TABLE = "ROUTEMQ_ROUTE_TABLE";
  /** Broker URL, scheme tcp/mqtt/ssl/mqtts. */
  public static final String ENV_BROKER_URL = "ROUTEMQ_BROKER_URL";
  /** "5" or "3.1.1". */
  public static final String ENV_MQTT_VERSION = "ROUTEMQ_MQTT_VERSION";
  /** How a shared group's worker stops: {@code unsubscribe} (default) or {@code handover}, see {@code DrainMode}. */
  public static final String ENV_DRAIN_MODE = "ROUTEMQ_DRAIN_MODE";
  /** MQTT keep-alive in seconds. */
  public static final String ENV_KEEP_ALIVE = "ROUTEMQ_KEEP_ALIVE_SECONDS";
  /** Username, fed from the credentials Secret. */
  public static final String ENV_USERNAME = "ROUTEMQ_USERNAME";
  /** Password, fed from the credentials Secret. */
  public static final String ENV_PASSWORD = "ROUTEMQ_PASSWORD";
  /** "true" to use TLS even when the URL scheme is plain. */
  public static final String ENV_TLS_ENABLED = "ROUTEMQ_TLS_ENABLED";
  /** PEM CA bundle file. */
  public static final String ENV_TLS_CA_FILE = "ROUTEMQ_TLS_CA_FILE";
  /** PEM client certificate file. */
  public static final String ENV_TLS_CERT_FILE = "ROUTEMQ_TLS_CERT_FILE";
  /** PEM client key file. */
  public static final String ENV_TLS_KEY_FILE = "ROUTEMQ_TLS_KEY_FILE";
  /** "false" to skip the host name check. */
  public static final String ENV_TLS_VERIFY_HOSTNAME = "ROUTEMQ_TLS_VERIFY_HOSTNAME";
  /** MQTT client identifier; the pod name. */
  public static final String ENV_CLIENT_ID = "ROUTEMQ_CLIENT_ID";
  /**
   * Comma-separated MQTT client ids of a shared group's workers that are gone without ending their broker sessions.
   * Set only on the operator's session-adopter pods: the process then adopts those sessions (see the worker's
   * {@code SessionAdoption}) instead of joining the group, and exits.
   */
  public static final String ENV_ADOPT_SESSIONS = "ROUTEMQ_ADOPT_SESSIONS";
  /** Where a process writes its termination message; Kubernetes' default when unset. */
  public static final String ENV_TERMINATION_MESSAGE_PATH = "ROUTEMQ_TERMINATION_MESSAGE_PATH";
  /** Kubernetes' default terminationMessagePath, which the kubelet copies into the container's status. */
  public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  /**
   * The termination message of a shared group's worker that drained completely and ended its broker session:
   * the operator then knows there is nothing to adopt.
   */
  public static final String TERMINATION_SESSION_ENDED = "routemq: session ended";
  /** HTTP port for health and metrics. */
  public static final String ENV_HTTP_PORT = "QUARKUS_HTTP_PORT";

  // Files and ports inside a worker pod.
  public static final String ROUTE_TABLE_DIR = "/etc/routemq";
  public static final String ROUTE_TABLE_FILE_NAME = "routes.json";
  public static final String TLS_DIR = "/etc/routemq/tls";
  public static final int HTTP_PORT = 8080;
  public static final String LIVENESS_PATH = "/q/health/live";
  public static final String READINESS_PATH = "/q/health/ready";
  public static final String METRICS_PATH = "/q/metrics";

  // Prometheus metric names a worker exports (label "route" holds the route's topic pattern).
  /** Counter: messages delivered to the worker, per route. */
  public static final String METRIC_RECEIVED = "routemq_messages_received_total";
  /** Counter: messages whose handler succeeded, per route. */
  public static final String METRIC_PROCESSED = "routemq_messages_processed_total";
  /** Counter: failed handler attempts, per route. */
  public static final String METRIC_FAILED = "routemq_messages_failed_total";
  /** Counter: messages sent to the dead-letter topic, per route. */
  public static final String METRIC_DEAD_LETTERED = "routemq_messages_dead_lettered_total";
  /** Histogram: handler latency in seconds, per route. */
  public static final String METRIC_HANDLER_SECONDS = "routemq_handler_seconds";
  /** Gauge: messages received and not yet acknowledged. */
  public static final String METRIC_IN_FLIGHT = "routemq_in_flight";
  /** Gauge: messages received and waiting for a handler thread. */
  public static final String METRIC_QUEUE_DEPTH = "routemq_queue_depth";
  /** Counter: seconds handler threads spent handling, summed over threads. */
  public static final String METRIC_BUSY_SECONDS = "routemq_busy_seconds_total";
  /** Gauge: handler threads (the parallelism the busy time is shared by). */
  public static final String METRIC_HANDLER_THREADS = "routemq_handler_threads";
  /** Counter: CPU seconds the worker process used. */
  public static final String METRIC_CPU_SECONDS = "routemq_process_cpu_seconds_total";
}
