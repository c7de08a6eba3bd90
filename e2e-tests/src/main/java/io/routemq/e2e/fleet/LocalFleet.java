package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.e2e.kube.RealControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A whole RouteMQ system on one machine: the real Kubernetes control plane (etcd, API server, controller manager,
 * scheduler, built from source), the CRD and the operator's RBAC as {@code deploy/} ships them, the packaged operator
 * application authenticating as its ServiceAccount, and a kubelet stand-in running real worker processes, all pointed
 * at one MQTT broker (which the caller starts). Used by the closed-loop tests and by the sandbox.
 */
public final class LocalFleet implements AutoCloseable {
  /** The node the kubelet stand-in registers. */
  public static final String NODE = "routemq-node-1";
  private static final Duration TOKEN_VALIDITY = Duration.ofHours(12);
  /** Operator processes are named like the pods of deploy/operator/'s Deployment. */
  public static final String OPERATOR = "routemq-operator";
  /** routemq.operator.leader-election.lease-name in the operator's configuration. */
  public static final String LEASE = "routemq-operator-lease";

  /**
   * @param crdFile the generated CRD
   * @param deployDir the repository's {@code deploy/} (the operator's RBAC comes from there)
   * @param operatorApp the operator application
   * @param workerApp the worker application
   * @param workDir where the control plane, logs and pod directories go
   * @param namespace where the fleet runs
   * @param operatorEnv extra operator configuration
   * @param workerJvmOptions JVM options for each worker
   */
  public record Options(
      Path crdFile,
      Path deployDir,
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
          Path.of(required("routemq.deploy.dir")),
          Path.of(required("routemq.operator.app")),
          Path.of(required("routemq.worker.app")),
          workDir,
          namespace,
          operatorEnv,
          // ExitOnOutOfMemoryError as in the worker image: a JVM out of heap exits and is restarted, not left limping.
          List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
              "-XX:+ExitOnOutOfMemoryError"));
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
  private final RealControlPlane plane;
  private final KubeletStandIn kubelet;
  private OperatorProcess operator;
  private int operatorsStarted;

  private LocalFleet(Options options, RealControlPlane plane, KubeletStandIn kubelet, OperatorProcess operator) {
    this.options = options;
    this.plane = plane;
    this.kubelet = kubelet;
    this.operator = operator;
  }

  public static LocalFleet start(Options options) throws IOException {
    Files.createDirectories(options.workDir());
    RealControlPlane plane = RealControlPlane.start(options.workDir().resolve("control-plane"));
    KubeletStandIn kubelet = null;
    try {
      KubernetesClient admin = plane.client();
      ClusterInstall.crd(admin, options.crdFile());
      ClusterInstall.operatorRbac(admin, options.deployDir());
      ClusterInstall.namespace(admin, options.namespace());
      kubelet = new KubeletStandIn(admin, KubeletStandIn.Options.forWorkerApp(NODE, options.workerApp(),
          options.workerJvmOptions(), options.workDir().resolve("pods"))).start(plane.kubernetesVersion());
      OperatorProcess operator = startOperator(options, plane, OPERATOR + "-0");
      return new LocalFleet(options, plane, kubelet, operator);
    } catch (RuntimeException e) {
      if (kubelet != null) {
        kubelet.close();
      }
      plane.close();
      throw e;
    }
  }

  /**
   * The operator as packaged, as its ServiceAccount: every request it makes passes the real RBAC authorizer. Its
   * identity for leader election is what a pod's would be, its HOSTNAME.
   */
  private static OperatorProcess startOperator(Options options, RealControlPlane plane, String identity) {
    Path kubeconfig = plane.kubeconfigForServiceAccount(ClusterInstall.OPERATOR_NAMESPACE,
        ClusterInstall.OPERATOR_SERVICE_ACCOUNT, TOKEN_VALIDITY);
    Map<String, String> env = new java.util.LinkedHashMap<>(
        ClusterInstall.operatorContainerEnv(plane.client(), options.deployDir()));
    // It watches all namespaces, as packaged; the test's own settings come last.
    env.putAll(options.operatorEnv());
    env.put("HOSTNAME", identity);
    return OperatorProcess.start(options.operatorApp(), kubeconfig, ClusterInstall.OPERATOR_NAMESPACE, env,
        options.workDir().resolve(identity + ".log"));
  }

  /** A cluster-admin client. */
  /** Where the control plane, logs and pod directories go. */
  public Path workDir() {
    return options.workDir();
  }

  public KubernetesClient client() {
    return plane.client();
  }

  public RealControlPlane controlPlane() {
    return plane;
  }

  /** A kubeconfig for the real kubectl (cluster admin). */
  public Path adminKubeconfig() {
    return plane.adminKubeconfig();
  }

  public KubeletStandIn kubelet() {
    return kubelet;
  }

  public OperatorProcess operator() {
    return operator;
  }

  /** Stops the operator (SIGTERM) and starts a new one, as a rolling restart of its pod would. */
  public void restartOperator() throws InterruptedException {
    operator.stop(Duration.ofSeconds(15));
    operator = startOperator(options, plane, OPERATOR + "-" + (++operatorsStarted));
  }

  /**
   * A second operator replica beside the first, as {@code deploy/operator/} runs two: it waits on the leader-election
   * Lease until the leader goes. The caller stops it.
   */
  public OperatorProcess startStandbyOperator() {
    return startOperator(options, plane, OPERATOR + "-" + (++operatorsStarted));
  }

  /** The Lease the operator replicas elect their leader on; its holder is the leader's HOSTNAME. */
  public String leaseHolder() {
    return leaseHolder(client());
  }

  /** The operator's leader on any cluster installed from deploy/ (its pod name there), or null when none holds it. */
  public static String leaseHolder(KubernetesClient client) {
    var lease = client.leases().inNamespace(ClusterInstall.OPERATOR_NAMESPACE).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  public RouteMQCluster cluster(String name) {
    return client().resources(RouteMQCluster.class).inNamespace(options.namespace()).withName(name).get();
  }

  /** Copies every operator's log, every pod's log and the control plane's logs into {@code dir}. */
  public void dumpLogs(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var operatorLogs = Files.list(options.workDir())) {
      for (Path log : operatorLogs.filter(p -> p.getFileName().toString().startsWith(OPERATOR)).toList()) {
        Files.copy(log, dir.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Path log : kubelet.logFiles()) {
      Files.copy(log, dir.resolve(log.getParent().getFileName() + ".log"), StandardCopyOption.REPLACE_EXISTING);
    }
    try (var logs = Files.list(plane.logs())) {
      for (Path log : logs.toList()) {
        Files.copy(log, dir.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    dumpObjects(dir.resolve("objects.yaml"));
  }

  /**
   * What the API server holds — nodes (taints, conditions), Deployments, pods, events, the clusters — as one YAML
   * file: a scale-up that never arrived is explained by these, not by the logs. Best effort: after a fault the
   * API server may not answer.
   */
  private void dumpObjects(Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    KubernetesClient c = client();
    List<Supplier<Object>> reads = List.of(
        () -> c.nodes().list().getItems(),
        () -> c.apps().deployments().inAnyNamespace().list().getItems(),
        () -> c.pods().inAnyNamespace().list().getItems(),
        () -> c.v1().events().inAnyNamespace().list().getItems(),
        () -> c.resources(RouteMQCluster.class).inAnyNamespace().list().getItems());
    for (Supplier<Object> read : reads) {
      try {
        out.append(Serialization.asYaml(read.get()));
      } catch (RuntimeException e) {
        out.append("# not read: ").append(e.getMessage()).append('\n');
      }
    }
    Files.writeString(file, out);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      operator.stop(Duration.ofSeconds(15));
      kubelet.close();
    } finally {
      plane.close();
    }
  }
}
