package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.TlsSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pod template's Secrets hash moves with exactly what the workers read, and with nothing else. */
class BrokerSecretsTest {

  private final Map<String, Secret> secrets = new HashMap<>();

  private static Secret secret(String name, Map<String, String> values) {
    Map<String, String> data = new HashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
  }

  private static BrokerSpec broker(boolean tls) {
    BrokerSpec broker = cluster("c").credentials("creds").group(fixed("g", 1)).build().getSpec().getBroker();
    if (tls) {
      TlsSpec t = new TlsSpec();
      t.setCaSecret("ca");
      t.setClientCertSecret("client");
      broker.setTls(t);
    }
    return broker;
  }

  private Optional<String> hash(BrokerSpec broker) {
    return BrokerSecrets.hash(broker, name -> Optional.ofNullable(secrets.get(name)));
  }

  @Test
  void aClusterWithoutSecretsHasNoHash() {
    BrokerSpec plain = cluster("c").group(fixed("g", 1)).build().getSpec().getBroker();
    assertThat(BrokerSecrets.referencesSecrets(plain)).isFalse();
    assertThat(hash(plain)).isEmpty();
  }

  @Test
  void aNewPasswordChangesTheHash() {
    secrets.put("creds", secret("creds", Map.of("username", "u", "password", "old")));
    String before = hash(broker(false)).orElseThrow();
    secrets.put("creds", secret("creds", Map.of("username", "u", "password", "new")));
    assertThat(hash(broker(false))).isPresent().get().isNotEqualTo(before);
  }

  @Test
  void aKeyTheWorkersDoNotReadChangesNothing() {
    secrets.put("creds", secret("creds", Map.of("username", "u", "password", "p")));
    String before = hash(broker(false)).orElseThrow();
    secrets.put("creds", secret("creds", Map.of("username", "u", "password", "p", "note", "rotated by Vault")));
    assertThat(hash(broker(false))).contains(before);
  }

  @Test
  void aNewCaOrClientKeyChangesTheHash() {
    secrets.put("creds", secret("creds", Map.of("username", "u", "password", "p")));
    secrets.put("ca", secret("ca", Map.of("ca.crt", "CA-1")));
    secrets.put("client", secret("client", Map.of("tls.crt", "CERT-1", "tls.key", "KEY-1")));
    String first = hash(broker(true)).orElseThrow();
    secrets.put("ca", secret("ca", Map.of("ca.crt", "CA-2")));
    String second = hash(broker(true)).orElseThrow();
    secrets.put("client", secret("client", Map.of("tls.crt", "CERT-1", "tls.key", "KEY-2")));
    String third = hash(broker(true)).orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(third).isNotEqualTo(second).isNotEqualTo(first);
  }

  @Test
  void theHashIsShortHexAndStable() {
    secrets.put("creds", secret("creds", Map.of("username", "u", "password", "p")));
    assertThat(hash(broker(false)).orElseThrow()).matches("[0-9a-f]{16}").isEqualTo(hash(broker(false)).get());
  }
}
