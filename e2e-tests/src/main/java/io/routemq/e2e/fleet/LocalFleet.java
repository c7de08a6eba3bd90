package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A whole RouteMQ system on one machine: the in-process API server, the real operator process,
 * and the node simulator running real worker processes, all pointed at one MQTT broker (which the
 * caller starts). Used by the closed-loop tests and by the sandbox.
 */
public final class LocalFleet implements AutoCloseable {

  /**
   * @param crdFile the generated CRD
   * @param operatorApp the operator application
   * @param workerApp the worker application
   * @param workDir where logs and pod directories go
   * @param namespace where the fleet runs
   * @param operatorEnv extra operator configuration
   * @param workerJvmOptions JVM options for each worker
   */
  public record Options(
      Path crdFile,
      Path operatorApp,
      Path workerApp,
      Path workDir,
      String namespace,
      Map<String, String> operatorEnv,
      List<String> workerJvmOptions) {

    public Options {
      // Workers run in directories of their own: a relative path would mean something else to them.
      workDir = workDir.toAbsolutePath().normalize();
    }

    /** Paths from the system properties the build sets (see e2e-tests/pom.xml). */
    public static Options fromSystemProperties(Path workDir, String namespace, Map<String, String> operatorEnv) {
      return new Options(
          Path.of(required("routemq.crd.file")),
          Path.of(required("routemq.operator.app")),
          Path.of(required("routemq.worker.app")),
          workDir,
          namespace,
          operatorEnv,
          List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
    }

    private static String required(String property) {
      String value = System.getProperty(property);
      if (value == null) {
        throw new IllegalStateException("system property " + property + " is not set: run through Maven");
      }
      if (!Files.exists(Path.of(value))) {
        throw new IllegalStateException(value + " does not exist: build it first with ./mvnw -B package -DskipTests");
      }
      return value;
    }
  }

  private final Options options;
  private final LocalApiServer api;
  private final NodeSimulator simulator;
  private OperatorProcess operator;

  private LocalFleet(Options options, LocalApiServer api, NodeSimulator simulator, OperatorProcess operator) {
    this.options = options;
    this.api = api;
    this.simulator = simulator;
    this.operator = operator;
  }

  public static LocalFleet start(Options options) throws IOException {
    Files.createDirectories(options.workDir());
    LocalApiServer api = LocalApiServer.start(options.crdFile());
    NodeSimulator simulator = new NodeSimulator(api.client(), options.namespace(),
        NodeSimulator.Options.forWorkerApp(options.workerApp(), options.workerJvmOptions(),
            options.workDir().resolve("pods"))).start();
    OperatorProcess operator = startOperator(options, api);
    return new LocalFleet(options, api, simulator, operator);
  }

  private static OperatorProcess startOperator(Options options, LocalApiServer api) {
    return OperatorProcess.start(options.operatorApp(), api.url(), options.namespace(), options.operatorEnv(),
        options.workDir().resolve("operator.log"));
  }

  public KubernetesClient client() {
    return api.client();
  }

  public String apiServerUrl() {
    return api.url();
  }

  public NodeSimulator simulator() {
    return simulator;
  }

  public OperatorProcess operator() {
    return operator;
  }

  /** Stops the operator (SIGTERM) and starts a new one, as a rolling restart of its pod would. */
  public void restartOperator() throws InterruptedException {
    operator.stop(Duration.ofSeconds(15));
    operator = startOperator(options, api);
  }

  public RouteMQCluster cluster(String name) {
    return client().resources(RouteMQCluster.class).inNamespace(options.namespace()).withName(name).get();
  }

  /** Copies the operator log and every pod's log into {@code dir}, so a failed test explains itself. */
  public void dumpLogs(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(operator.log(), dir.resolve("operator.log"), StandardCopyOption.REPLACE_EXISTING);
    for (Path log : simulator.logFiles()) {
      Files.copy(log, dir.resolve(log.getParent().getFileName() + ".log"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() throws InterruptedException {
    operator.stop(Duration.ofSeconds(15));
    simulator.close();
    api.close();
  }
}
