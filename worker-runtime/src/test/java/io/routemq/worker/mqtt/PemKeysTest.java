package io.routemq.worker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routemq.worker.testing.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key form a kubernetes.io/tls Secret holds is read as the same key (keys generated here, none committed). */
class PemKeysTest {
  @TempDir
  Path dir;

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private Path write(String pem) throws Exception {
    Path file = Files.createTempFile(dir, "key", ".pem");
    Files.writeString(file, pem);
    return file;
  }

  /** The key read signs what the original public key verifies. */
  private static void assertSameKey(PrivateKey read, PublicKey original) throws Exception {
    String algorithm = original.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(read);
    byte[] data = "routemq".getBytes(StandardCharsets.UTF_8);
    signer.update(data);
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(original);
    verifier.update(data);
    assertThat(verifier.verify(signer.sign())).isTrue();
  }

  @Test
  void readsPkcs8RsaAndEc() throws Exception {
    for (KeyPair keys : new KeyPair[] {rsa(), ec()}) {
      assertSameKey(PemKeys.read(write(CertificateAuthority.pkcs8Pem(keys.getPrivate()))), keys.getPublic());
    }
  }

  @Test
  void readsPkcs1Rsa() throws Exception {
    KeyPair keys = rsa();
    byte[] pkcs1 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive()
        .getEncoded();
    String pem = CertificateAuthority.pem(new PemObject("RSA PRIVATE KEY", pkcs1));
    assertSameKey(PemKeys.read(write(pem)), keys.getPublic());
  }

  @Test
  void readsSec1Ec() throws Exception {
    KeyPair keys = ec();
    String pem = CertificateAuthority.pemKey(keys.getPrivate(), keys.getPublic());
    assertThat(pem).contains("BEGIN EC PRIVATE KEY");
    assertSameKey(PemKeys.read(write(pem)), keys.getPublic());
  }

  @Test
  void anEncryptedKeySaysHowToDecryptIt() throws Exception {
    Path file = write("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemKeys.read(file)).isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("is encrypted").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }
}
