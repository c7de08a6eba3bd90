package io.routemq.operator.app;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.testing.MockKube;
import io.javaoperatorsdk.operator.Operator;
import io.routemq.operator.reconcile.RouteMQClusterReconciler;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The Quarkus application as shipped: CDI wiring, configuration, and operator metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = QuarkusOperatorIT.Setup.class)
class QuarkusOperatorIT {

  /** Registers the CRD and gives Deployments a status subresource, as a real API server has. */
  public static class Setup implements Consumer<KubernetesServer> {
    @Override
    public void accept(KubernetesServer server) {
      server.getKubernetesMockServer().expectCustomResource(new CustomResourceDefinitionContext.Builder()
          .withGroup("apps").withVersion("v1").withPlural("deployments").withKind("Deployment")
          .withScope("Namespaced").withStatusSubresource(true).build());
      try (InputStream in = Files.newInputStream(MockKube.CRD)) {
        server.getClient().apiextensions().v1().customResourceDefinitions().load(in).create();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject
  KubernetesClient client;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @Inject
  Operator operator;

  @Test
  void resyncIntervalAndNamespacesComeFromConfiguration() {
    var config = operator.getRegisteredController(RouteMQClusterReconciler.NAME).orElseThrow().getConfiguration();
    assertThat(config.maxReconciliationInterval()).contains(Duration.ofMinutes(2));
    assertThat(config.getInformerConfig().watchAllNamespaces()).isTrue();
  }

  @Test
  void reconcilesAClusterToReadyAndCountsReconciles() throws Exception {
    RouteMQCluster c = cluster("quarkus").namespace("app").group(fixed("ingest", 2)).build();
    c.getMetadata().setUid(null);
    client.resources(RouteMQCluster.class).inNamespace("app").resource(c).create();

    await().atMost(Duration.ofSeconds(30))
        .until(() -> client.apps().deployments().inNamespace("app").withName("quarkus-ingest").get() != null);
    Deployment d = client.apps().deployments().inNamespace("app").withName("quarkus-ingest").get();
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(2).withUpdatedReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).build());
    client.apps().deployments().inNamespace("app").resource(d).updateStatus();

    await().atMost(Duration.ofSeconds(30)).until(() -> {
      RouteMQCluster now = client.resources(RouteMQCluster.class).inNamespace("app").withName("quarkus").get();
      return now.getStatus() != null && now.getStatus().getConditions().stream()
          .anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True"));
    });

    String body = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(metrics.toString())).build(), HttpResponse.BodyHandlers.ofString())
        .body();
    assertThat(body).contains("routemq_operator_reconciles_total").contains("routemq_operator_reconcile_seconds");
  }
}
