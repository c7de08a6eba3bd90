package io.routemq.worker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.worker.config.WorkerConfig;
import io.routemq.worker.config.WorkerConfig.TlsFiles;
import io.routemq.worker.testing.SecureMosquitto;
import io.routemq.worker.testing.TestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workers against a Mosquitto with a TLS listener and a password file, certificates made by the test: the CA, a
 * client certificate, and each way it goes wrong (wrong CA, no or foreign client certificate, wrong password) gives a
 * not-ready worker with one clear explanation and a backed-off retry, never a crash.
 */
class WorkerTlsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String USER = "worker";
  private static final RouteTable TABLE = WorkerBrokerIT.table(List.of(
      new RouteTable.Route("in/{n}", 1, "republish", Map.of("topic", "out/{n}"))), true);

  private static WorkerConfig config(SecureMosquitto broker, String version, String password, Path caFile,
      Optional<Path> clientCert) {
    TlsFiles tls = new TlsFiles(Optional.of(caFile), clientCert, clientCert.map(WorkerTlsIT::keyOf), true);
    return new WorkerConfig(TABLE, BrokerUrl.parse(broker.url()), version, 30, Optional.of(USER),
        Optional.of(password), Optional.of(tls), "w-" + version, Optional.empty(), DrainMode.Unsubscribe, 0);
  }

  private static Path keyOf(Path cert) {
    return cert.resolveSibling(cert.getFileName().toString().replace(".crt", ".key"));
  }

  private static Worker started(WorkerConfig config) {
    Worker w = new Worker(config, new SimpleMeterRegistry());
    w.start();
    return w;
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "3.1.1"})
  void withTheBrokersCaAndPasswordTheWorkerHandlesMessages(String version) throws Exception {
    String password = SecureMosquitto.randomPassword();
    try (SecureMosquitto broker = SecureMosquitto.startOrSkip(false, USER, password);
        TestClient client = TestClient.secure(broker.url(), broker.caFile(), USER, password)) {
      client.subscribe("out/#");
      Worker w = started(config(broker, version, password, broker.caFile(), Optional.empty()));
      await().atMost(WAIT).until(w::isReady);
      client.publish("in/1", "over TLS");
      await().atMost(WAIT).until(() -> client.payloads().contains("over TLS"));
      assertThat(w.connectProblem()).isEmpty();
      w.drain();
    }
  }

  @Test
  void withAClientCertificateTheWorkerConnectsToABrokerThatRequiresOne() throws Exception {
    String password = SecureMosquitto.randomPassword();
    try (SecureMosquitto broker = SecureMosquitto.startOrSkip(true, USER, password)) {
      Worker w = started(config(broker, "5", password, broker.caFile(),
          Optional.of(broker.clientCertificate("worker-client"))));
      await().atMost(WAIT).until(w::isReady);
      w.drain();
    }
  }

  @Test
  void withoutAClientCertificateTheWorkerSaysTheBrokerWantsOne() throws Exception {
    String password = SecureMosquitto.randomPassword();
    try (SecureMosquitto broker = SecureMosquitto.startOrSkip(true, USER, password)) {
      Worker w = started(config(broker, "5", password, broker.caFile(), Optional.empty()));
      await().atMost(WAIT).until(() -> w.connectProblem().isPresent());
      assertThat(w.connectProblem().get())
          .contains("requires a client certificate").contains("spec.broker.tls.clientCertSecret");
      assertThat(w.isReady()).isFalse();
      w.drain();
    }
  }

  @Test
  void aClientCertificateFromAnotherCaIsNamedInTheProblem() throws Exception {
    String password = SecureMosquitto.randomPassword();
    try (SecureMosquitto broker = SecureMosquitto.startOrSkip(true, USER, password)) {
      Path foreign = broker.foreignClientCertificate("stranger");
      Worker w = started(config(broker, "5", password, broker.caFile(), Optional.of(foreign)));
      await().atMost(WAIT).until(() -> w.connectProblem().isPresent());
      assertThat(w.connectProblem().get()).contains("refused this worker's client certificate " + foreign)
          .contains("unknown_ca");
      assertThat(w.isReady()).isFalse();
      w.drain();
    }
  }

  /**
   * A wrong CA: not ready, one explanation that names the CA file and the Secret to fix, and retries that back off
   * (0.5 s doubling): a handful of TLS handshakes in 8 s, not a storm. The worker stays up (liveness is not tied to
   * the broker), so Kubernetes does not restart it in a loop either.
   */
  @ParameterizedTest
  @ValueSource(strings = {"5", "3.1.1"})
  void withAWrongCaTheWorkerIsNotReadySaysWhichFileAndBacksOff(String version) throws Exception {
    String password = SecureMosquitto.randomPassword();
    try (SecureMosquitto broker = SecureMosquitto.startOrSkip(false, USER, password)) {
      Path wrongCa = broker.foreignCa("not-the-brokers-ca");
      Worker w = started(config(broker, version, password, wrongCa, Optional.empty()));
      Thread.sleep(8_000);
      assertThat(w.isReady()).isFalse();
      assertThat(w.connectProblem()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("not signed by a CA this worker trusts").contains("CA file " + wrongCa)
          .contains("spec.broker.tls.caSecret");
      long handshakes = Pattern.compile("New connection from").matcher(broker.broker().log()).results().count();
      assertThat(handshakes).as("connection attempts in 8 s").isBetween(2L, 6L);
      w.drain();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "3.1.1"})
  void aRefusedPasswordNamesTheUserAndTheSecret(String version) throws Exception {
    try (SecureMosquitto broker = SecureMosquitto.startOrSkip(false, USER, SecureMosquitto.randomPassword())) {
      Worker w = started(config(broker, version, "not-the-password", broker.caFile(), Optional.empty()));
      await().atMost(WAIT).until(() -> w.connectProblem().isPresent());
      assertThat(w.connectProblem().get()).contains("refused user '" + USER + "'")
          .contains("spec.broker.credentialsSecret");
      assertThat(w.isReady()).isFalse();
      w.drain();
    }
  }
}
