package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfigs the fixture writes load in Fabric8 (which parses the client key when it builds a client). */
class KubeconfigsTest {

  @TempDir Path dir;

  @Test
  void certificateKubeconfigBuildsAFabric8Client() throws Exception {
    ClusterPki pki = ClusterPki.create(dir.resolve("pki"), "10.96.0.1");
    Path file = new Kubeconfigs("https://127.0.0.1:6443", pki.caCert())
        .writeForCertificate(dir.resolve("admin.kubeconfig"), "admin", pki.admin());

    Config config = Config.fromKubeconfig(Files.readString(file));
    assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
    assertThat(config.getClientKeyAlgo()).isEqualTo("EC");
    // Building the client loads the key and certificates into a key store: no server is contacted.
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.getMasterUrl().getPort()).isEqualTo(6443);
    }
  }

  @Test
  void tokenKubeconfigCarriesTheToken() throws Exception {
    ClusterPki pki = ClusterPki.create(dir.resolve("pki"), "10.96.0.1");
    Path file = new Kubeconfigs("https://127.0.0.1:6443", pki.caCert())
        .writeForToken(dir.resolve("sa.kubeconfig"), "system:serviceaccount:ns:sa", "header.payload.signature");

    Config config = Config.fromKubeconfig(Files.readString(file));
    assertThat(config.getAutoOAuthToken()).isEqualTo("header.payload.signature");
    assertThat(config.getCaCertData()).isNotBlank();
  }
}
