package io.routemq.worker.testing;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.routemq.crds.routetable.BrokerUrl;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plain MQTT 5 client for tests: publishes, and records what arrives on its subscriptions. */
public final class TestClient implements AutoCloseable {
  private final Mqtt5AsyncClient client;
  public final List<Mqtt5Publish> received = new CopyOnWriteArrayList<>();

  public TestClient(String url) {
    this(builder(url).buildAsync());
  }

  private TestClient(Mqtt5AsyncClient client) {
    this.client = client;
    client.publishes(MqttGlobalPublishFilter.ALL, received::add);
    client.connect().join();
  }

  /** A client of a TLS broker that trusts {@code caFile} (PEM) and logs in as {@code user}. */
  public static TestClient secure(String url, Path caFile, String user, String password) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return new TestClient(builder(url).sslConfig().trustManagerFactory(tmf).applySslConfig()
        .simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
        .buildAsync());
  }

  private static Mqtt5ClientBuilder builder(String url) {
    BrokerUrl b = BrokerUrl.parse(url);
    return Mqtt5Client.builder().identifier("test-" + UUID.randomUUID().toString().substring(0, 8))
        .serverHost(b.host()).serverPort(b.port());
  }

  public TestClient subscribe(String filter) {
    client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().join();
    return this;
  }

  public void publish(String topic, String payload) {
    client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
        .send().join();
  }

  public List<String> payloads() {
    return received.stream().map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).toList();
  }

  @Override
  public void close() {
    client.disconnect().join();
  }
}
