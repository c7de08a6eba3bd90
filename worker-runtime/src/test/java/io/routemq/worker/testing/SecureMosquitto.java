package io.routemq.worker.testing;

import io.routemq.worker.testing.CertificateAuthority.Issued;
import io.routemq.worker.testing.CertificateAuthority.Usage;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A Mosquitto with a TLS listener and a password file, its certificates made by the test (a fresh CA each time,
 * nothing on disk outside a temporary directory): the broker a production install has, for TLS and login tests.
 */
public final class SecureMosquitto implements AutoCloseable {
  /** Debian's mosquitto package installs it beside the broker. */
  public static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final CertificateAuthority ca;
  private final Path passwordFile;
  private final MosquittoBroker broker;

  private SecureMosquitto(Path dir, CertificateAuthority ca, Path passwordFile, MosquittoBroker broker) {
    this.dir = dir;
    this.ca = ca;
    this.passwordFile = passwordFile;
    this.broker = broker;
  }

  /**
   * Starts one on 127.0.0.1, or skips the calling test when Mosquitto is not installed.
   *
   * @param requireClientCertificate whether the broker refuses a client without a certificate signed by its CA
   * @param user the one user in the password file
   * @param password that user's password
   */
  public static SecureMosquitto startOrSkip(boolean requireClientCertificate, String user, String password)
      throws IOException {
    Assumptions.assumeTrue(MosquittoBroker.isInstalled() && Files.isExecutable(PASSWD),
        "mosquitto or mosquitto_passwd is not installed (apt-get install -y mosquitto): skipped");
    Path dir = Files.createTempDirectory("mosquitto-tls");
    CertificateAuthority ca = CertificateAuthority.create("routemq-test-broker-ca");
    Issued server = ca.issue("mosquitto", List.of(), Usage.SERVER, List.of("127.0.0.1", "localhost"));
    Files.writeString(dir.resolve("ca.crt"), CertificateAuthority.pem(ca.certificate()));
    Files.writeString(dir.resolve("server.crt"), CertificateAuthority.pem(server.certificate()));
    Path key = dir.resolve("server.key");
    Files.writeString(key, CertificateAuthority.pemKey(server.key(), server.certificate().getPublicKey()));
    Path passwords = dir.resolve("passwords");
    Files.writeString(passwords, "");
    setPassword(passwords, user, password);
    // The password file and the TLS files belong to the listener; Mosquitto 2 reads them when per_listener_settings
    // is off too, but saying so keeps the listener self-contained.
    MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "127.0.0.1", List.of(
        "cafile " + dir.resolve("ca.crt"),
        "certfile " + dir.resolve("server.crt"),
        "keyfile " + key,
        "require_certificate " + requireClientCertificate,
        "allow_anonymous false",
        "password_file " + passwords), "ssl");
    return new SecureMosquitto(dir, ca, passwords, broker);
  }

  /** A random password, as a test's Secret would hold. */
  public static String randomPassword() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** ssl://127.0.0.1:port */
  public String url() {
    return broker.url();
  }

  /** The CA that signed the broker's certificate, PEM. */
  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  /**
   * A client TLS setting that trusts this broker's CA (and only it) and presents a fresh client certificate
   * {@code name} signed by it, for test clients and the load tester.
   */
  public MqttClientSslConfig clientSsl(String name) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      Issued client = ca.issue(name, List.of(), Usage.CLIENT, List.of());
      KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
      keys.load(null, null);
      keys.setKeyEntry("client", client.key(), new char[0], new Certificate[] {client.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
      return MqttClientSslConfig.builder().trustManagerFactory(tmf).keyManagerFactory(kmf).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the test client's TLS setting", e);
    }
  }

  /** The broker itself: its log, a restart. */
  public MosquittoBroker broker() {
    return broker;
  }

  /**
   * A client certificate (PEM) and its PKCS#8 key signed by the broker's CA, written under the test's directory.
   *
   * @return the certificate file; the key is beside it with the extension .key
   */
  public Path clientCertificate(String name) throws IOException {
    return writeClient(ca, name);
  }

  /** A CA the broker does not know, with its certificate written as {@code name}.crt: the wrong-CA cases. */
  public Path foreignCa(String name) throws IOException {
    Path file = dir.resolve(name + ".crt");
    Files.writeString(file, CertificateAuthority.pem(CertificateAuthority.create(name).certificate()));
    return file;
  }

  /** A client certificate signed by a CA the broker does not trust. */
  public Path foreignClientCertificate(String name) throws IOException {
    return writeClient(CertificateAuthority.create("foreign-" + name), name);
  }

  private Path writeClient(CertificateAuthority issuer, String name) throws IOException {
    Issued client = issuer.issue(name, List.of(), Usage.CLIENT, List.of());
    Path cert = dir.resolve(name + ".crt");
    Files.writeString(cert, CertificateAuthority.pem(client.certificate()));
    Files.writeString(dir.resolve(name + ".key"), CertificateAuthority.pkcs8Pem(client.key()));
    return cert;
  }

  /** Sets (or adds) a user's password and makes the broker read the file again; existing connections stay. */
  public void changePassword(String user, String password) {
    setPassword(passwordFile, user, password);
    broker.reloadConfig();
  }

  /** Removes a user from the password file and makes the broker read it again. */
  public void removeUser(String user) {
    run(List.of(PASSWD.toString(), "-D", passwordFile.toString(), user));
    broker.reloadConfig();
  }

  private static void setPassword(Path file, String user, String password) {
    // -b takes the password as an argument: fine for a throw-away test password, never for a real one.
    run(List.of(PASSWD.toString(), "-b", file.toString(), user, password));
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(command.get(0) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    broker.close();
  }
}
