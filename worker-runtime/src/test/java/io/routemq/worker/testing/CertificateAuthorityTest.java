package io.routemq.worker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routemq.worker.testing.CertificateAuthority.Issued;
import io.routemq.worker.testing.CertificateAuthority.Usage;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test CA issues what Go's TLS stack and the Kubernetes authenticators require of a certificate. */
class CertificateAuthorityTest {

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final CertificateAuthority ca = CertificateAuthority.create("test-ca");

  @Test
  void caIsACertificateAuthority() {
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.certificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
  }

  @Test
  void servingCertificateNamesEveryAddressAsIpOrDns() throws Exception {
    X509Certificate cert = ca.issue("kube-apiserver", List.of(), Usage.SERVER,
        List.of("127.0.0.1", "localhost", "10.96.0.1")).certificate();

    // SAN entries are (type, value) pairs: 2 is a DNS name, 7 an IP address.
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"), List.of(7, "10.96.0.1"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void clientCertificateCarriesUserAsCommonNameAndGroupsAsOrganization() throws Exception {
    X509Certificate cert =
        ca.issue("routemq-admin", List.of("system:masters"), Usage.CLIENT, List.of()).certificate();

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=routemq-admin,O=system:masters");
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(cert.getSubjectAlternativeNames()).isNull();
  }

  @Test
  void leafIsSignedByThisCaAndNoOther() throws Exception {
    Issued leaf = ca.issue("x", List.of(), Usage.CLIENT, List.of());

    leaf.certificate().verify(ca.certificate().getPublicKey());
    assertThat(leaf.certificate().getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    CertificateAuthority other = CertificateAuthority.create("test-ca");
    assertThatThrownBy(() -> leaf.certificate().verify(other.certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void privateKeysUseTheHeadersThatPickTheirParser() {
    assertThat(CertificateAuthority.pemKey(ca.key(), ca.certificate().getPublicKey()))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(CertificateAuthority.pem(ca.certificate())).startsWith("-----BEGIN CERTIFICATE-----");
  }
}
