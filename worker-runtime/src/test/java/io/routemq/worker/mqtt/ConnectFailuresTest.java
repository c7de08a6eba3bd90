package io.routemq.worker.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.config.WorkerConfig;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The explanations a real broker cannot easily be made to trigger here (WorkerTlsIT covers the CA, client
 * certificate and login cases against Mosquitto); the exception shapes are the JDK's.
 */
class ConnectFailuresTest {

  private static WorkerConfig config(boolean tls) {
    Optional<WorkerConfig.TlsFiles> files = tls ? Optional.of(new WorkerConfig.TlsFiles(
        Optional.of(Path.of("/etc/routemq/tls/ca/ca.crt")), Optional.empty(), Optional.empty(), true))
        : Optional.empty();
    return new WorkerConfig(null, BrokerUrl.parse((tls ? "ssl" : "tcp") + "://mqtt.example:8883"), "5", 30,
        Optional.empty(), Optional.empty(), files, "w", Optional.empty(), DrainMode.Unsubscribe, 0);
  }

  @Test
  void aCertificateThatDoesNotNameTheHostSaysHowToFixIt() {
    SSLHandshakeException handshake = new SSLHandshakeException("No subject alternative DNS name matching");
    handshake.initCause(new CertificateException("No subject alternative DNS name matching mqtt.example found."));
    Throwable failure = new RuntimeException(handshake);
    assertThat(ConnectFailures.explain(failure, config(true)))
        .startsWith("TLS: the broker's certificate at mqtt.example:8883 does not name mqtt.example")
        .contains("spec.broker.tls.verifyHostname false");
  }

  @Test
  void aPlainListenerBehindATlsUrlIsCalledSo() {
    Throwable failure = new RuntimeException(new SSLException("Unsupported or unrecognized SSL message"));
    assertThat(ConnectFailures.explain(failure, config(true))).contains("does not answer TLS on this port");
  }

  @Test
  void nothingListeningPointsAtTheUrl() {
    Throwable failure = new RuntimeException("connect", new ConnectException("Connection refused"));
    assertThat(ConnectFailures.explain(failure, config(false)))
        .startsWith("cannot connect: nothing accepts connections at mqtt.example:8883")
        .contains("spec.broker.url");
  }

  @Test
  void anythingElseKeepsTheClientsMessage() {
    assertThat(ConnectFailures.explain(new IllegalStateException("odd"), config(false)))
        .isEqualTo("cannot connect to mqtt.example:8883: odd");
  }
}
