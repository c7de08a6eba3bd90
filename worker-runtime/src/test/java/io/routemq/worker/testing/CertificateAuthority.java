package io.routemq.worker.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away certificate authority for one control plane, in pure Java (BouncyCastle builds the X.509 structures,
 * the JDK's providers make the keys and signatures): no openssl process per certificate and no config files, and the
 * tests can inspect the certificates as objects.
 */
public final class CertificateAuthority {

  /** What a leaf certificate is for; Go's TLS stack checks the extended key usage of both sides. */
  public enum Usage { SERVER, CLIENT }

  /** A certificate and its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {}

  // ECDSA P-256: a key pair takes a millisecond where RSA 2048 takes tens, and every component accepts it.
  private static final String SIGNATURE = "SHA256withECDSA";
  // Certificates start an hour back so that a clock a little behind (another process, a VM) still accepts them.
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Issued root;

  private CertificateAuthority(Issued root) {
    this.root = root;
  }

  /** A new self-signed CA. */
  public static CertificateAuthority create(String commonName) {
    KeyPair keys = ecKeyPair();
    X500Name name = name(commonName, List.of());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(name, name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(new Issued(sign(builder, keys.getPrivate()), keys.getPrivate()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the CA certificate", e);
    }
  }

  /**
   * A leaf certificate signed by this CA. Kubernetes reads a client's user name from CN and its groups from O.
   *
   * @param sans DNS names and IP addresses (an entry that parses as an IPv4 address becomes an IP SAN)
   */
  public Issued issue(String commonName, List<String> organizations, Usage usage, List<String> sans) {
    KeyPair keys = ecKeyPair();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      KeyPurposeId purpose = usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
      // The issuer is copied as encoded: Go chains a certificate to its CA by comparing these bytes.
      X509v3CertificateBuilder builder = builder(
          X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded()),
          name(commonName, organizations), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(root.certificate()));
      if (!sans.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(sans));
      }
      return new Issued(sign(builder, root.key()), keys.getPrivate());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  public X509Certificate certificate() {
    return root.certificate();
  }

  public PrivateKey key() {
    return root.key();
  }

  /** PEM text of a certificate or a public key (SubjectPublicKeyInfo). */
  public static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * PEM text of a private key in the per-algorithm form openssl and kubeadm write: {@code RSA PRIVATE KEY}, or
   * {@code EC PRIVATE KEY} with the curve and the public key inside. Fabric8 picks its parser from that header (it
   * reads a PKCS#8 {@code PRIVATE KEY} as RSA) and its SEC1 parser needs the curve, which the JDK's encoding leaves
   * out: both failed here before this.
   */
  public static String pemKey(PrivateKey key, PublicKey publicKey) {
    if (!(key instanceof ECPrivateKey ec)) {
      return pem(key);
    }
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
    try {
      byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
          info.getPublicKeyData(), info.getAlgorithm().getParameters()).getEncoded();
      return pem(new PemObject("EC PRIVATE KEY", sec1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PEM text of a private key as PKCS#8 ({@code PRIVATE KEY}), the form the worker reads. */
  public static String pkcs8Pem(PrivateKey key) {
    return pem(new PemObject("PRIVATE KEY", key.getEncoded()));
  }

  static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static X500Name name(String commonName, List<String> organizations) {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> name.addRDN(BCStyle.O, o));
    return name.addRDN(BCStyle.CN, commonName).build();
  }

  private static GeneralNames subjectAltNames(List<String> sans) {
    List<GeneralName> names = new ArrayList<>();
    for (String san : sans) {
      boolean ip = san.matches("\\d{1,3}(\\.\\d{1,3}){3}");
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, san));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }
}
