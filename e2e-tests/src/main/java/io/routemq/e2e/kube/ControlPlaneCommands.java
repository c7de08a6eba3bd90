package io.routemq.e2e.kube;

import java.nio.file.Path;
import java.util.List;

/** The command lines of etcd, the API server, the controller manager and the scheduler of one control plane. */
final class ControlPlaneCommands {

  /** The service range: the API server allocates ClusterIPs from it; only a real node's kube-proxy routes it. */
  static final String SERVICE_CIDR = "10.96.0.0/16";
  /** The first IP of {@link #SERVICE_CIDR}: the {@code kubernetes} Service's ClusterIP, a SAN of the API server. */
  static final String SERVICE_IP = "10.96.0.1";
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final String LOOPBACK = "127.0.0.1";

  /** The free loopback ports one control plane listens on. */
  record Ports(int etcdClient, int etcdPeer, int apiServer, int controllerManager, int scheduler) {}

  /** The kubeconfig files the controllers use. */
  record Kubeconfigs(Path controllerManager, Path scheduler) {}

  private final KubeComponents bin;
  private final ClusterPki pki;
  private final Ports ports;
  private final Kubeconfigs kubeconfigs;
  private final Path etcdData;
  private final String apiAddress;

  /**
   * @param apiAddress where the API server listens and what it advertises: loopback, or the address of a node's pod
   *     bridge when pods (the operator's) must reach it through the {@code kubernetes} Service
   */
  ControlPlaneCommands(KubeComponents bin, ClusterPki pki, Ports ports, Kubeconfigs kubeconfigs, Path etcdData,
      String apiAddress) {
    this.apiAddress = apiAddress;
    this.bin = bin;
    this.pki = pki;
    this.ports = ports;
    this.kubeconfigs = kubeconfigs;
    this.etcdData = etcdData;
  }

  String etcdUrl() {
    return "http://" + LOOPBACK + ":" + ports.etcdClient();
  }

  String apiServerUrl() {
    return "https://" + apiAddress + ":" + ports.apiServer();
  }

  List<String> etcd() {
    String peer = "http://" + LOOPBACK + ":" + ports.etcdPeer();
    return List.of(bin.binary("etcd").toString(),
        "--name=routemq-test",
        "--data-dir=" + etcdData,
        "--listen-client-urls=" + etcdUrl(),
        "--advertise-client-urls=" + etcdUrl(),
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=routemq-test=" + peer,
        // A test cluster is thrown away: skipping fsync keeps a shared, noisy disk from stalling the API server.
        "--unsafe-no-fsync=true",
        "--log-level=warn");
  }

  List<String> apiServer() {
    List<String> command = new java.util.ArrayList<>(List.of(bin.binary("kube-apiserver").toString(),
        "--etcd-servers=" + etcdUrl(),
        "--bind-address=" + apiAddress,
        "--advertise-address=" + apiAddress,
        "--secure-port=" + ports.apiServer(),
        "--tls-cert-file=" + pki.apiServer().cert(),
        "--tls-private-key-file=" + pki.apiServer().key(),
        "--client-ca-file=" + pki.caCert(),
        "--authorization-mode=Node,RBAC",
        // For logs, exec and port-forward on a real node: the API server dials the kubelet by the address this list
        // prefers. Its default tries the node's Hostname first, which no resolver here knows ("lookup routemq-node:
        // no such host"); the InternalIP is the node's address on the pod bridge. The kubelet accepts the request
        // only with a client certificate of the CA it trusts.
        "--kubelet-preferred-address-types=InternalIP",
        "--kubelet-client-certificate=" + pki.apiServerKubeletClient().cert(),
        "--kubelet-client-key=" + pki.apiServerKubeletClient().key(),
        "--service-cluster-ip-range=" + SERVICE_CIDR,
        "--service-account-issuer=" + ISSUER,
        "--service-account-key-file=" + pki.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + pki.serviceAccountKey(),
        // The aggregation layer. Without a request-header CA, the controller manager and scheduler, which look it up
        // for their delegated authentication, log "missing content for CA bundle" every few seconds.
        "--requestheader-client-ca-file=" + pki.frontProxyCaCert(),
        "--requestheader-allowed-names=" + ClusterPki.FRONT_PROXY_CLIENT,
        "--requestheader-username-headers=X-Remote-User",
        "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
        "--proxy-client-cert-file=" + pki.frontProxyClient().cert(),
        "--proxy-client-key-file=" + pki.frontProxyClient().key(),
        // On SIGTERM the server otherwise waits its 60 s shutdown timeout for the open watches of the controllers
        // (measured: 60 s with a scheduler connected, 1.2 s with this), which an outage test would sit through.
        "--shutdown-watch-termination-grace-period=2s"));
    if (apiAddress.equals(LOOPBACK)) {
      // The endpoint reconciler publishes the advertise address as the `kubernetes` Service's endpoint, and an
      // endpoint may not be a loopback address: with it on, the server refuses to start ("cannot use public IP
      // 127.0.0.1 with endpoint reconciler"). Without a node nothing routes through that Service anyway. On a
      // bridge address the default (lease) reconciler runs, and kube-proxy sends the Service's ClusterIP there.
      command.add("--endpoint-reconciler-type=none");
    }
    return List.copyOf(command);
  }

  List<String> controllerManager() {
    List<String> command = new java.util.ArrayList<>(controller("kube-controller-manager",
        kubeconfigs.controllerManager(), ports.controllerManager(), pki.controllerManagerServing()));
    command.addAll(List.of(
        "--controllers=*",
        // Each controller acts as its own service account, so RBAC sees the same identities as in a real cluster.
        "--use-service-account-credentials=true",
        "--service-account-private-key-file=" + pki.serviceAccountKey(),
        "--root-ca-file=" + pki.caCert(),
        "--cluster-signing-cert-file=" + pki.caCert(),
        "--cluster-signing-key-file=" + pki.caKey()));
    return List.copyOf(command);
  }

  List<String> scheduler() {
    return controller("kube-scheduler", kubeconfigs.scheduler(), ports.scheduler(), pki.schedulerServing());
  }

  /** What the controller manager and the scheduler share: their kubeconfig, their serving endpoint, no election. */
  private List<String> controller(String binary, Path kubeconfig, int port, ClusterPki.Pair serving) {
    return List.of(bin.binary(binary).toString(),
        "--kubeconfig=" + kubeconfig,
        // Delegated authentication and authorization of requests to its own endpoints, as kubeadm sets it up.
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=" + LOOPBACK,
        "--secure-port=" + port,
        "--tls-cert-file=" + serving.cert(),
        "--tls-private-key-file=" + serving.key(),
        "--leader-elect=false");
  }
}
