package io.routemq.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterSpec;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.crds.v1alpha1.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator application (its own JVM, production profile) against the local API server: it reconciles
 * a cluster into a Deployment, the node simulator runs its pods, and the status reports them ready.
 */
class OperatorProcessIT {
  private static final String NS = "op";

  @TempDir Path work;

  @Test
  void thePackagedOperatorReconcilesAgainstTheLocalApiServer() throws Exception {
    Path fakeWorker = Path.of(getClass().getResource("/FakeWorker.java").toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (LocalApiServer api = LocalApiServer.start(Path.of(System.getProperty("routemq.crd.file")));
        NodeSimulator simulator = new NodeSimulator(api.client(), NS, new NodeSimulator.Options(
            List.of(java, "-Xmx32m", fakeWorker.toString()), work.resolve("pods"), Duration.ofMillis(200))).start();
        OperatorProcess operator = OperatorProcess.start(Path.of(System.getProperty("routemq.operator.app")),
            api.url(), NS, Map.of(), work.resolve("operator.log"))) {
      KubernetesClient client = api.client();
      client.resources(RouteMQCluster.class).inNamespace(NS).resource(cluster()).create();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          RouteMQCluster c = client.resources(RouteMQCluster.class).inNamespace(NS).withName("demo").get();
          return c.getStatus() != null && "2/2".equals(c.getStatus().getWorkers());
        });
      } catch (RuntimeException e) {
        throw new AssertionError("operator log:\n" + Files.readString(operator.log()), e);
      }
      assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(2);
      assertThat(operator.isAlive()).isTrue();
    }
  }

  private static RouteMQCluster cluster() {
    RouteMQCluster c = new RouteMQCluster();
    c.getMetadata().setName("demo");
    c.getMetadata().setNamespace(NS);
    RouteMQClusterSpec spec = new RouteMQClusterSpec();
    BrokerSpec broker = new BrokerSpec();
    broker.setUrl("tcp://127.0.0.1:1883");
    spec.setBroker(broker);
    WorkerSpec worker = new WorkerSpec();
    worker.setImage("routemq/worker:test");
    spec.setWorker(worker);
    GroupSpec group = new GroupSpec("ingest");
    group.setReplicas(ReplicasSpec.fixed(2));
    group.setRoutes(List.of(new RouteSpec("sensors/{id}/data", new HandlerSpec("log", Map.of()))));
    spec.setGroups(List.of(group));
    c.setSpec(spec);
    return c;
  }
}
