package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files one control plane's PKI consists of, read back as the components read them. */
class ClusterPkiTest {

  @TempDir Path dir;
  private ClusterPki pki;

  @BeforeEach
  void create() {
    pki = ClusterPki.create(dir, "10.96.0.1");
  }

  @Test
  void apiServerAnswersToEveryNameAClientMayDialIncludingTheServiceIp() throws Exception {
    X509Certificate cert = read(pki.apiServer().cert());

    assertThat(cert.getSubjectAlternativeNames().stream().map(san -> (String) san.get(1))).containsExactlyInAnyOrder(
        "127.0.0.1", "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local", "10.96.0.1");
    cert.verify(read(pki.caCert()).getPublicKey());
  }

  @Test
  void controllersAuthenticateAsTheUsersTheBootstrapRolesAreBoundTo() throws Exception {
    assertThat(read(pki.controllerManager().cert()).getSubjectX500Principal().getName())
        .isEqualTo("CN=system:kube-controller-manager");
    assertThat(read(pki.scheduler().cert()).getSubjectX500Principal().getName())
        .isEqualTo("CN=system:kube-scheduler");
    assertThat(read(pki.admin().cert()).getSubjectX500Principal().getName()).contains("O=system:masters");
  }

  @Test
  void kubeletAndApiServerAuthenticateToEachOtherWithClusterCaCertificates() throws Exception {
    X509Certificate node = read(pki.node("node-a").cert());
    X509Certificate toKubelet = read(pki.apiServerKubeletClient().cert());

    assertThat(node.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:node-a,O=system:nodes");
    assertThat(toKubelet.getSubjectX500Principal().getName()).contains("O=system:masters");
    node.verify(read(pki.caCert()).getPublicKey());
    toKubelet.verify(read(pki.caCert()).getPublicKey());
  }

  @Test
  void frontProxyClientIsSignedByItsOwnCaAndNotTheClusterCa() throws Exception {
    X509Certificate client = read(pki.frontProxyClient().cert());

    client.verify(read(pki.frontProxyCaCert()).getPublicKey());
    assertThatThrownBy(() -> client.verify(read(pki.caCert()).getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void everyKeyAndTheServiceAccountKeyPairIsWritten() throws Exception {
    for (Path key : List.of(pki.caKey(), pki.apiServer().key(), pki.admin().key(), pki.frontProxyClient().key())) {
      assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }
    assertThat(Files.readString(pki.serviceAccountKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(pki.serviceAccountPublicKey())).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
