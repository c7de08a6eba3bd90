package io.routemq.e2e.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.routemq.e2e.kube.ControlPlaneCommands.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The real Kubernetes control plane — etcd, kube-apiserver (RBAC and Node authorizers, service-account tokens),
 * kube-controller-manager and kube-scheduler built from source — on free loopback ports, for tests and the sandbox.
 * There is no kubelet: whoever uses it registers Node objects and plays kubelet for the Pods bound to them.
 */
public final class RealControlPlane implements AutoCloseable {

  /** The range ClusterIPs come from; a real node's pods route it to kube-proxy's rules. */
  public static final String SERVICE_CIDR = ControlPlaneCommands.SERVICE_CIDR;
  /** The user of {@link #adminKubeconfig()}. */
  private static final String ADMIN = "admin";

  // Measured on a 2-core machine shared with other builds: the API server ready in 3-4.5 s, the whole control plane
  // in 6-8 s. The bound leaves room for a loaded CI machine and still ends a hung start.
  private static final Duration START_BOUND = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Path workDir;
  private final ClusterPki pki;
  private final Kubeconfigs kubeconfigs;
  private final LeftoverProcesses leftovers;
  private final HealthProbe probe;
  private final Path adminKubeconfig;
  private final ComponentProcess etcd;
  private final ComponentProcess apiServer;
  private final ComponentProcess controllerManager;
  private final ComponentProcess scheduler;
  private final Thread shutdownHook = new Thread(this::stopAll, "real-control-plane-stop");
  private final String serverUrl;
  private KubernetesClient client;
  private Duration startUp = Duration.ZERO;
  private boolean closed;

  private RealControlPlane(Path workDir, ClusterPki pki, ControlPlaneCommands commands, Ports ports,
      Kubeconfigs kubeconfigs, Path adminKubeconfig, LeftoverProcesses leftovers) {
    this.workDir = workDir;
    this.pki = pki;
    this.leftovers = leftovers;
    this.kubeconfigs = kubeconfigs;
    this.probe = new HealthProbe(pki.caCert());
    this.adminKubeconfig = adminKubeconfig;
    this.serverUrl = commands.apiServerUrl();
    Path logs = workDir.resolve("logs");
    String https = "https://" + ControlPlaneCommands.LOOPBACK + ":";
    etcd = new ComponentProcess("etcd", commands.etcd(), logs.resolve("etcd.log"),
        URI.create(commands.etcdUrl() + "/health"), ports.etcdClient());
    apiServer = new ComponentProcess("kube-apiserver", commands.apiServer(), logs.resolve("kube-apiserver.log"),
        URI.create(serverUrl + "/readyz"), ports.apiServer());
    controllerManager = new ComponentProcess("kube-controller-manager", commands.controllerManager(),
        logs.resolve("kube-controller-manager.log"), URI.create(https + ports.controllerManager() + "/healthz"),
        ports.controllerManager());
    scheduler = new ComponentProcess("kube-scheduler", commands.scheduler(), logs.resolve("kube-scheduler.log"),
        URI.create(https + ports.scheduler() + "/healthz"), ports.scheduler());
  }

  /** Starts a fresh control plane in {@code workDir} with the binaries {@link KubeComponents#locate()} finds. */
  public static RealControlPlane start(Path workDir) {
    return start(workDir, KubeComponents.locate());
  }

  /**
   * Starts a fresh control plane in {@code workDir}: what an earlier run left there (etcd data, logs, certificates)
   * is replaced. Returns once every component is healthy; fails with a pointer to the log of the one that is not.
   */
  public static RealControlPlane start(Path workDir, KubeComponents bin) {
    return start(workDir, bin, ControlPlaneCommands.LOOPBACK);
  }

  /**
   * As {@link #start(Path, KubeComponents)}, with the API server on {@code apiAddress} instead of loopback: the
   * address of a real node's pod bridge (which must exist), so that pods reach it through the {@code kubernetes}
   * Service as in any cluster. The bridge has no route off this machine.
   */
  public static RealControlPlane start(Path workDir, KubeComponents bin, String apiAddress) {
    long begin = System.nanoTime();
    Path dir = workDir.toAbsolutePath();
    LeftoverProcesses leftovers = new LeftoverProcesses(dir.resolve("pids"));
    int killed = leftovers.killRecorded();
    if (killed > 0) {
      System.out.println("control plane: killed " + killed + " components an earlier run in " + dir + " left");
    }
    deleteRecursively(dir.resolve("etcd"));
    deleteRecursively(dir.resolve("logs"));
    ClusterPki pki = ClusterPki.create(dir.resolve("pki"), ControlPlaneCommands.SERVICE_IP, List.of(apiAddress));
    int[] free = FreePorts.loopback(5);
    Ports ports = new Ports(free[0], free[1], free[2], free[3], free[4]);
    Kubeconfigs kubeconfigs = new Kubeconfigs("https://" + apiAddress + ":" + ports.apiServer(), pki.caCert());
    Path admin = kubeconfigs.writeForCertificate(dir.resolve("admin.kubeconfig"), ADMIN, pki.admin());
    ControlPlaneCommands.Kubeconfigs controllers = new ControlPlaneCommands.Kubeconfigs(
        kubeconfigs.writeForCertificate(dir.resolve("kubeconfigs/kube-controller-manager.kubeconfig"),
            "system:kube-controller-manager", pki.controllerManager()),
        kubeconfigs.writeForCertificate(dir.resolve("kubeconfigs/kube-scheduler.kubeconfig"),
            "system:kube-scheduler", pki.scheduler()));
    ControlPlaneCommands commands =
        new ControlPlaneCommands(bin, pki, ports, controllers, dir.resolve("etcd"), apiAddress);
    RealControlPlane plane = new RealControlPlane(dir, pki, commands, ports, kubeconfigs, admin, leftovers);
    Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
    try {
      plane.startAndAwait(plane.etcd);
      plane.startAndAwait(plane.apiServer);
      // The two controllers need only the API server: start them side by side.
      CompletableFuture.allOf(
          CompletableFuture.runAsync(() -> plane.startAndAwait(plane.controllerManager)),
          CompletableFuture.runAsync(() -> plane.startAndAwait(plane.scheduler))).join();
    } catch (CompletionException e) {
      plane.close();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
    plane.startUp = Duration.ofNanos(System.nanoTime() - begin);
    System.out.printf("control plane: ready in %.1f s at %s; admin kubeconfig %s%n",
        plane.startUp.toMillis() / 1000.0, plane.serverUrl, admin);
    return plane;
  }

  private void startAndAwait(ComponentProcess component) {
    long begin = System.nanoTime();
    // Start and record under one lock: the two controllers start side by side, and each record must list both.
    synchronized (leftovers) {
      component.start();
      leftovers.record(List.copyOf(pids().values()));
    }
    component.awaitHealthy(probe, START_BOUND);
    System.out.printf("control plane: %s healthy on port %d in %.1f s (pid %d)%n", component.name(),
        component.port(), (System.nanoTime() - begin) / 1e9, component.pid().orElse(-1));
  }

  /** The API server's version, e.g. {@code v1.37.2} (what a kubelet of the same release reports). */
  public String kubernetesVersion() {
    return client().getKubernetesVersion().getGitVersion();
  }

  /** The API server's URL (https on loopback, or on the address {@link #start(Path, KubeComponents, String)} got). */
  public String serverUrl() {
    return serverUrl;
  }

  /** A kubeconfig for a cluster administrator (group {@code system:masters}), for kubectl or another process. */
  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  /** The context of {@link #adminKubeconfig()} (its only one, and current). */
  public String adminContext() {
    return Kubeconfigs.context(ADMIN);
  }

  /**
   * A kubeconfig for the kubelet of node {@code nodeName}, with a client certificate issued now (user
   * {@code system:node:<nodeName>}, group {@code system:nodes}), as kubeadm's join would write it.
   */
  public Path kubeconfigForNode(String nodeName) {
    return kubeconfigs.writeForCertificate(workDir.resolve("kubeconfigs/node-" + nodeName + ".kubeconfig"),
        "system:node:" + nodeName, pki.node(nodeName));
  }

  /** A kubeconfig for kube-proxy (user {@code system:kube-proxy}), with a client certificate issued now. */
  public Path kubeconfigForKubeProxy() {
    return kubeconfigs.writeForCertificate(workDir.resolve("kubeconfigs/kube-proxy.kubeconfig"), "system:kube-proxy",
        pki.kubeProxy());
  }

  /**
   * The cluster CA: a kubelet accepts the API server's client certificate (logs, exec) because this CA signed it,
   * and its clients verify the API server's serving certificate with it.
   */
  public Path caCert() {
    return pki.caCert();
  }

  /** Where the components write their logs, one {@code <name>.log} each. */
  public Path logs() {
    return workDir.resolve("logs");
  }

  /** From the first file written to every component healthy. */
  public Duration startUp() {
    return startUp;
  }

  /** A client acting as the cluster administrator; closed with the control plane. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = clientFor(adminKubeconfig);
    }
    return client;
  }

  /** A new client for any kubeconfig (e.g. one from {@link #kubeconfigForServiceAccount}); the caller closes it. */
  public static KubernetesClient clientFor(Path kubeconfig) {
    try {
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + kubeconfig, e);
    }
  }

  /**
   * A kubeconfig that authenticates as a ServiceAccount, with a token the API server issues through the
   * TokenRequest API, so whatever uses it is checked by the real RBAC authorizer. The API server refuses a
   * {@code validity} under 10 minutes.
   */
  public Path kubeconfigForServiceAccount(String namespace, String name, Duration validity) {
    TokenRequest request = new TokenRequestBuilder()
        .withNewSpec().withExpirationSeconds(validity.toSeconds()).endSpec().build();
    String token = client().serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(request)
        .getStatus().getToken();
    return kubeconfigs.writeForToken(workDir.resolve("kubeconfigs/sa-" + namespace + "-" + name + ".kubeconfig"),
        "system:serviceaccount:" + namespace + ":" + name, token);
  }

  /** Stops the API server and etcd (SIGTERM), as in an outage; the controllers keep running and retry. */
  public void stopApiServer() {
    apiServer.stop(STOP_GRACE);
    etcd.stop(STOP_GRACE);
  }

  /** Starts etcd and the API server again on the same ports and data, and waits for {@code /readyz}. */
  public void startApiServer() {
    startAndAwait(etcd);
    startAndAwait(apiServer);
  }

  /** One probe of the API server's {@code /readyz}, without retries (a client would retry for many seconds). */
  public boolean apiServerReady() {
    return probe.ask(URI.create(serverUrl + "/readyz")).ok();
  }

  /** The PID of each component's (last) process, by component name, in start order. */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    components().forEach(c -> c.pid().ifPresent(pid -> pids.put(c.name(), pid)));
    return pids;
  }

  /** The resident set size of each running component in KiB, from {@code /proc}. */
  public Map<String, Long> rssKib() {
    Map<String, Long> rss = new LinkedHashMap<>();
    components().forEach(c -> c.rssKib().ifPresent(kib -> rss.put(c.name(), kib)));
    return rss;
  }

  /** Stops every component in reverse start order: SIGTERM, up to 10 s, then SIGKILL. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (client != null) {
      client.close();
    }
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // close() called by a shutdown hook of the caller's: ours runs too, and finds nothing left to stop
    }
  }

  private void stopAll() {
    List<ComponentProcess> reverse = new ArrayList<>(components());
    Collections.reverse(reverse);
    reverse.forEach(c -> c.stop(STOP_GRACE));
  }

  private List<ComponentProcess> components() {
    return List.of(etcd, apiServer, controllerManager, scheduler);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
