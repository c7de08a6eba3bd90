package io.routemq.e2e.kube;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks a component's health endpoint ({@code /readyz}, {@code /healthz}, etcd's {@code /health}) how it is, trusting
 * only the control plane's CA. These endpoints answer anonymous requests: the API server's bootstrap policy lets
 * {@code system:unauthenticated} read them, and the controllers always allow them.
 */
final class HealthProbe {

  /** One answer: the HTTP status (0 when nothing answered) and the body or the connection error. */
  record Answer(int status, String detail) {
    boolean ok() {
      return status == 200;
    }
  }

  private final HttpClient http;

  HealthProbe(Path caCert) {
    // HTTP/1.1: over HTTP/2 (which the JDK client negotiates by ALPN) every probe of the API server failed with
    // "GOAWAY received" for the whole start-up bound, while the server was up.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(trusting(caCert))
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  Answer ask(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body().strip());
    } catch (IOException e) {
      return new Answer(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted");
    }
  }

  private static SSLContext trusting(Path caCert) {
    try (InputStream in = Files.newInputStream(caCert)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the CA certificate " + caCert, e);
    }
  }
}
