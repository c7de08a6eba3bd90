package io.routemq.worker.config;

import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.DrainMode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a worker needs to start, read from its environment (the operator sets it, see {@link WorkerContract}).
 *
 * @param routeTable the group's route table
 * @param broker host, port and whether TLS is used
 * @param mqttVersion "5" or "3.1.1"
 * @param keepAliveSeconds MQTT keep-alive
 * @param username broker user, if any
 * @param password broker password, if any
 * @param tls TLS files, if any
 * @param clientId MQTT client identifier: in a shared group the pod name, so a restarted container resumes its
 *     session; in an ordered group the group's own, so the replacement pod does
 * @param handlersDir extra handler jars, if any
 * @param drainMode how a shared group's worker stops
 * @param idleResubscribeSeconds a shared group's worker idle this long sends its SUBSCRIBE again; 0: never
 */
public record WorkerConfig(
    RouteTable routeTable,
    BrokerUrl broker,
    String mqttVersion,
    int keepAliveSeconds,
    Optional<String> username,
    Optional<String> password,
    Optional<TlsFiles> tls,
    String clientId,
    Optional<Path> handlersDir,
    DrainMode drainMode,
    int idleResubscribeSeconds) {

  /** Extra handler jars, besides those on the classpath. */
  public static final String ENV_HANDLERS_DIR = "ROUTEMQ_HANDLERS_DIR";

  /**
   * Seconds of idleness after which a shared group's worker sends its SUBSCRIBE again (default 5; 0 turns it off).
   * HiveMQ CE 2025.5 was seen to leave a member idle beside a backlog until it subscribed again (see the README).
   */
  public static final String ENV_IDLE_RESUBSCRIBE = "ROUTEMQ_IDLE_RESUBSCRIBE_SECONDS";

  /**
   * PEM files for TLS.
   *
   * @param caFile CA bundle to trust instead of the JVM's default, if any
   * @param certFile client certificate, if any
   * @param keyFile client key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted), if any
   * @param verifyHostname whether the broker's name is checked against its certificate
   */
  public record TlsFiles(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
      boolean verifyHostname) {}

  /** The worker cannot start; the message lists every problem and what to set. */
  public static final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(List<String> problems) {
      super("worker configuration is invalid: " + String.join("; ", problems));
    }
  }

  /** The same configuration under another MQTT client id: adopting a gone worker's session takes its id. */
  public WorkerConfig withClientId(String id) {
    return new WorkerConfig(routeTable, broker, mqttVersion, keepAliveSeconds, username, password, tls, id,
        handlersDir, drainMode, idleResubscribeSeconds);
  }

  /** Reads the configuration, collecting every problem before failing. */
  public static WorkerConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    RouteTable table = routeTable(env, problems);
    BrokerUrl broker = null;
    String url = env.get(WorkerContract.ENV_BROKER_URL);
    if (url == null || url.isBlank()) {
      problems.add(WorkerContract.ENV_BROKER_URL + " is not set (e.g. tcp://mosquitto:1883)");
    } else {
      try {
        broker = BrokerUrl.parse(url);
      } catch (IllegalArgumentException e) {
        problems.add(WorkerContract.ENV_BROKER_URL + ": " + e.getMessage());
      }
    }
    String version = env.getOrDefault(WorkerContract.ENV_MQTT_VERSION, "5");
    if (!version.equals("5") && !version.equals("3.1.1")) {
      problems.add(WorkerContract.ENV_MQTT_VERSION + " must be 5 or 3.1.1, not " + version);
    }
    int keepAlive = seconds(env, WorkerContract.ENV_KEEP_ALIVE, 60, "a number of seconds", problems);
    Optional<String> username = secret(env, WorkerContract.ENV_USERNAME, problems);
    Optional<String> password = secret(env, WorkerContract.ENV_PASSWORD, problems);
    boolean tlsForced = Boolean.parseBoolean(env.getOrDefault(WorkerContract.ENV_TLS_ENABLED, "false"));
    Optional<TlsFiles> tls = Optional.empty();
    if (tlsForced || (broker != null && broker.tls())) {
      tls = Optional.of(new TlsFiles(file(env, WorkerContract.ENV_TLS_CA_FILE, problems),
          file(env, WorkerContract.ENV_TLS_CERT_FILE, problems), file(env, WorkerContract.ENV_TLS_KEY_FILE, problems),
          !"false".equalsIgnoreCase(env.getOrDefault(WorkerContract.ENV_TLS_VERIFY_HOSTNAME, "true"))));
    }
    Optional<Path> handlersDir = Optional.ofNullable(env.get(ENV_HANDLERS_DIR)).filter(s -> !s.isBlank()).map(Path::of);
    DrainMode drainMode = drainMode(env, version, problems);
    int idleResubscribe = seconds(env, ENV_IDLE_RESUBSCRIBE, 5, "a number of seconds (0: off)", problems);
    if (idleResubscribe < 0) {
      problems.add(ENV_IDLE_RESUBSCRIBE + " must be 0 (off) or more seconds, not " + idleResubscribe);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new WorkerConfig(table, broker, version, keepAlive, username, password, tls, clientId(env),
        handlersDir, drainMode, idleResubscribe);
  }

  /** A whole number from {@code name}, {@code fallback} when unset; a problem naming {@code what} when not a number. */
  private static int seconds(Map<String, String> env, String name, int fallback, String what, List<String> problems) {
    String text = env.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      problems.add(name + " must be " + what + ", not " + text);
      return fallback;
    }
  }

  private static DrainMode drainMode(Map<String, String> env, String mqttVersion, List<String> problems) {
    String text = env.getOrDefault(WorkerContract.ENV_DRAIN_MODE, "unsubscribe").trim();
    if (text.equalsIgnoreCase("unsubscribe")) {
      return DrainMode.Unsubscribe;
    }
    if (!text.equalsIgnoreCase("handover")) {
      problems.add(WorkerContract.ENV_DRAIN_MODE + " must be unsubscribe or handover, not " + text);
    } else if (mqttVersion.equals("3.1.1")) {
      problems.add(WorkerContract.ENV_DRAIN_MODE + " handover needs MQTT 5 (it ends the session with a session"
          + " expiry of 0); use unsubscribe with 3.1.1");
    }
    return DrainMode.Handover;
  }

  private static RouteTable routeTable(Map<String, String> env, List<String> problems) {
    String path = env.get(WorkerContract.ENV_ROUTE_TABLE);
    if (path == null || path.isBlank()) {
      problems.add(WorkerContract.ENV_ROUTE_TABLE + " is not set (the operator mounts the group's table at "
          + WorkerContract.ROUTE_TABLE_DIR + "/" + WorkerContract.ROUTE_TABLE_FILE_NAME + ")");
      return null;
    }
    try {
      return RouteTableCodec.fromJson(Files.readString(Path.of(path)));
    } catch (IOException e) {
      problems.add("cannot read the route table " + path + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
    }
    return null;
  }

  /** A value given directly, or through {@code <NAME>_FILE} naming a file that holds it (a mounted Secret). */
  private static Optional<String> secret(Map<String, String> env, String name, List<String> problems) {
    String value = env.get(name);
    if (value != null) {
      return Optional.of(value);
    }
    String file = env.get(name + "_FILE");
    if (file == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(Path.of(file)).strip());
    } catch (IOException e) {
      problems.add("cannot read " + name + "_FILE " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Path> file(Map<String, String> env, String name, List<String> problems) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      problems.add(name + " names " + value + ", which is not a readable file");
    }
    return Optional.of(path);
  }

  private static String clientId(Map<String, String> env) {
    String id = env.get(WorkerContract.ENV_CLIENT_ID);
    if (id != null && !id.isBlank()) {
      return id;
    }
    try {
      return "routemq-worker-" + InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "routemq-worker-" + ProcessHandle.current().pid();
    }
  }
}
