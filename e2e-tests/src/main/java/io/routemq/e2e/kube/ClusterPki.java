package io.routemq.e2e.kube;

import io.routemq.worker.testing.CertificateAuthority;
import io.routemq.worker.testing.CertificateAuthority.Issued;
import io.routemq.worker.testing.CertificateAuthority.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

/**
 * Every certificate and key one control plane needs, written as PEM files into one folder: the CA, the serving
 * certificates of the API server, controller manager and scheduler, the client certificates of the admin and of the
 * two controllers, the front-proxy CA and client of the aggregation layer, and the key pair that signs
 * service-account tokens.
 */
public final class ClusterPki {

  /** A certificate file and the file of its private key. */
  public record Pair(Path cert, Path key) {}

  /** The names a client may dial the API server by, from the host and from inside the cluster. */
  static final List<String> API_SERVER_NAMES = List.of("127.0.0.1", "localhost", "kubernetes", "kubernetes.default",
      "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");
  /** The CN of the certificate the API server proxies to aggregated APIs with. */
  static final String FRONT_PROXY_CLIENT = "front-proxy-client";
  /** The CN of the certificate the API server presents to kubelets. */
  static final String KUBELET_CLIENT = "kube-apiserver-kubelet-client";
  private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");

  private final Path dir;
  // Kept in memory (not read back from ca.key) so that a node's certificate can be issued after the start.
  private final CertificateAuthority ca;

  private ClusterPki(Path dir, CertificateAuthority ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /**
   * Generates everything into {@code dir}, replacing what a previous run left there.
   *
   * @param serviceIp the first IP of the service range: in-cluster clients reach the API server through the
   *     {@code kubernetes} Service on it, and verify it against this certificate
   */
  public static ClusterPki create(Path dir, String serviceIp) {
    return create(dir, serviceIp, List.of());
  }

  /**
   * As {@link #create(Path, String)}, with more addresses the API server serves on (e.g. a node's bridge address,
   * when pods must reach it), added to its certificate.
   */
  public static ClusterPki create(Path dir, String serviceIp, List<String> apiServerAddresses) {
    CertificateAuthority ca = CertificateAuthority.create("routemq-test-ca");
    ClusterPki pki = new ClusterPki(dir, ca);
    pki.write("ca", new Issued(ca.certificate(), ca.key()));
    List<String> apiNames = new java.util.ArrayList<>(API_SERVER_NAMES);
    apiNames.add(serviceIp);
    apiNames.addAll(apiServerAddresses);
    pki.write("apiserver", ca.issue("kube-apiserver", List.of(), Usage.SERVER, apiNames));
    pki.write("controller-manager-serving", ca.issue("kube-controller-manager", List.of(), Usage.SERVER, LOOPBACK));
    pki.write("scheduler-serving", ca.issue("kube-scheduler", List.of(), Usage.SERVER, LOOPBACK));
    // The bootstrap RBAC policy binds cluster-admin to the group system:masters, and the controllers' roles to these
    // exact user names.
    pki.write("admin", ca.issue("routemq-admin", List.of("system:masters"), Usage.CLIENT, List.of()));
    pki.write("controller-manager",
        ca.issue("system:kube-controller-manager", List.of(), Usage.CLIENT, List.of()));
    pki.write("scheduler", ca.issue("system:kube-scheduler", List.of(), Usage.CLIENT, List.of()));
    // What the API server shows a kubelet when it proxies logs, exec and port-forward to it. The kubelet's webhook
    // authorizer asks the API server about this user; system:masters may do anything (kubeadm's choice before 1.29).
    pki.write("apiserver-kubelet-client",
        ca.issue(KUBELET_CLIENT, List.of("system:masters"), Usage.CLIENT, List.of()));
    // The aggregation layer's own CA, apart from the cluster CA as kubeadm keeps it: whoever holds a certificate of
    // the CA that --requestheader-client-ca-file names may assert any user in headers.
    CertificateAuthority frontProxy = CertificateAuthority.create("routemq-test-front-proxy-ca");
    pki.write("front-proxy-ca", new Issued(frontProxy.certificate(), frontProxy.key()));
    pki.write("front-proxy-client", frontProxy.issue(FRONT_PROXY_CLIENT, List.of(), Usage.CLIENT, List.of()));
    // RSA for the token signer: RS256 is what every consumer of service-account tokens expects to verify.
    KeyPair sa = rsaKeyPair();
    pki.writeText("sa.key", CertificateAuthority.pemKey(sa.getPrivate(), sa.getPublic()));
    pki.writeText("sa.pub", CertificateAuthority.pem(sa.getPublic()));
    return pki;
  }

  public Path caCert() {
    return dir.resolve("ca.crt");
  }

  public Path caKey() {
    return dir.resolve("ca.key");
  }

  public Pair apiServer() {
    return pair("apiserver");
  }

  public Pair controllerManagerServing() {
    return pair("controller-manager-serving");
  }

  public Pair schedulerServing() {
    return pair("scheduler-serving");
  }

  public Pair admin() {
    return pair("admin");
  }

  public Pair controllerManager() {
    return pair("controller-manager");
  }

  public Pair scheduler() {
    return pair("scheduler");
  }

  /** The API server's client certificate towards kubelets (logs, exec, port-forward). */
  public Pair apiServerKubeletClient() {
    return pair("apiserver-kubelet-client");
  }

  /**
   * A kubelet's client certificate, issued now: user {@code system:node:<node>} in group {@code system:nodes}, the
   * identity the Node authorizer and the NodeRestriction rules expect, so the kubelet may only touch its own Node
   * and the pods bound to it.
   */
  public Pair node(String nodeName) {
    String name = "node-" + nodeName;
    write(name, ca.issue("system:node:" + nodeName, List.of("system:nodes"), Usage.CLIENT, List.of()));
    return pair(name);
  }

  /**
   * kube-proxy's client certificate, issued now: user {@code system:kube-proxy}, which the bootstrap RBAC policy
   * binds to the role {@code system:node-proxier} (read Services, EndpointSlices and Nodes; write Events).
   */
  public Pair kubeProxy() {
    write("kube-proxy", ca.issue("system:kube-proxy", List.of(), Usage.CLIENT, List.of()));
    return pair("kube-proxy");
  }

  /** The CA that signs the certificate of {@link #frontProxyClient()} (and nothing else). */
  public Path frontProxyCaCert() {
    return dir.resolve("front-proxy-ca.crt");
  }

  /** What the API server presents when it proxies a request to an aggregated API (e.g. a metrics server). */
  public Pair frontProxyClient() {
    return pair("front-proxy-client");
  }

  /** The private key that signs service-account tokens (API server and the controller manager's token controller). */
  public Path serviceAccountKey() {
    return dir.resolve("sa.key");
  }

  /** The public key that verifies service-account tokens. */
  public Path serviceAccountPublicKey() {
    return dir.resolve("sa.pub");
  }

  private Pair pair(String name) {
    return new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
  }

  private void write(String name, Issued issued) {
    writeText(name + ".crt", CertificateAuthority.pem(issued.certificate()));
    writeText(name + ".key", CertificateAuthority.pemKey(issued.key(), issued.certificate().getPublicKey()));
  }

  private void writeText(String file, String text) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(file), text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(file), e);
    }
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make RSA keys", e);
    }
  }
}
