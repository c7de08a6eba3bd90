package io.routemq.worker.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.reactivex.schedulers.Schedulers;
import io.routemq.worker.config.WorkerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** The parts of a client both MQTT versions share: identity, address, TLS and reconnect backoff. */
final class MqttClients {
  static final long RECONNECT_MAX_DELAY_SECONDS = 5;

  private MqttClients() {}

  static MqttClientBuilder builder(WorkerConfig config) {
    MqttClientBuilder b = MqttClient.builder()
        .identifier(config.clientId())
        .serverHost(config.broker().host())
        .serverPort(config.broker().port())
        // At most 5 s between attempts (was 30): after a broker outage the backlog waits for the workers, and
        // Mosquitto 2.0.11 even drops what is published to a shared group after a restart until one of its members
        // is back (BrokerFaultE2E; src/site/markdown/reliability.md). The client adds jitter of its own.
        .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(RECONNECT_MAX_DELAY_SECONDS,
            TimeUnit.SECONDS)
        .applyAutomaticReconnect()
        // Callbacks (each delivered message, each completed future) run on the client's own network thread instead
        // of being handed to RxJava's computation threads: one thread wake-up less per message, and a message a
        // non-blocking handler finishes there is acknowledged without waking any thread. Nothing the worker runs
        // in a callback blocks: delivered messages are queued for handler threads or run by handlers that never
        // block (MessageHandler.nonBlocking), the rest only records state.
        .executorConfig().applicationScheduler(Schedulers.trampoline()).applyExecutorConfig();
    if (config.tls().isPresent()) {
      b = b.sslConfig(ssl(config.tls().get()));
    }
    return b;
  }

  private static MqttClientSslConfig ssl(WorkerConfig.TlsFiles tls) {
    try {
      var ssl = MqttClientSslConfig.builder();
      if (tls.caFile().isPresent()) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates(tls.caFile().get())) {
          trust.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ssl = ssl.trustManagerFactory(tmf);
      }
      if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        keys.setKeyEntry("client", PemKeys.read(tls.keyFile().get()), new char[0],
            certificates(tls.certFile().get()).toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        ssl = ssl.keyManagerFactory(kmf);
      }
      if (!tls.verifyHostname()) {
        ssl = ssl.hostnameVerifier((host, session) -> true);
      }
      return ssl.build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the TLS files: " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }
}
