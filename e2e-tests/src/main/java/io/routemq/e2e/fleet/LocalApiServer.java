package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The Fabric8 mock API server in CRUD mode, on plain HTTP over loopback, standing in for a
 * kube-apiserver: it stores objects and serves watches, but has no admission, no garbage
 * collection and no controllers (the {@link NodeSimulator} plays kubelet and Deployment
 * controller).
 */
public final class LocalApiServer implements AutoCloseable {

  // MockWebServer logs every request at INFO: far too loud for a fleet that polls. Held in a field
  // because java.util.logging forgets the level of a logger nobody references.
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private LocalApiServer(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts the server on a free loopback port and registers the RouteMQCluster CRD. */
  public static LocalApiServer start(Path crdFile) {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the in-process API server could not start: " + e.getMessage(), e);
    }
    // Without this the mock treats status of built-in kinds as an ordinary field, and every
    // update the operator makes from a freshly built Deployment would wipe what the simulated
    // Deployment controller wrote there (shared reference: mock-api-server-facts P1).
    server.expectCustomResource(builtIn("apps", "deployments", "Deployment"));
    server.expectCustomResource(builtIn(null, "pods", "Pod"));
    allowLeases(server);
    LocalApiServer api = new LocalApiServer(server);
    api.registerCrd(crdFile);
    return api;
  }

  /**
   * The operator runs with leader election, as in production, and JOSDK first asks whether it may use Leases. The
   * mock does not evaluate access reviews: it answers yes. (Leases themselves behave: a stale resourceVersion is
   * refused with 409.)
   */
  private static void allowLeases(KubernetesMockServer server) {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewMetadata().endMetadata().withNewStatus()
            .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("*")
            .endResourceRule().withIncomplete(false).endStatus().build())
        .always();
  }

  private static CustomResourceDefinitionContext builtIn(String group, String plural, String kind) {
    return new CustomResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withPlural(plural)
        .withKind(kind)
        .withScope("Namespaced")
        .withStatusSubresource(true)
        .build();
  }

  private void registerCrd(Path crdFile) {
    try (InputStream in = Files.newInputStream(crdFile)) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CRD " + crdFile + ": build the crds module first", e);
    }
  }

  /** The URL a client (the operator process, kubectl) uses to reach this server. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
