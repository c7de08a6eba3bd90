package io.routemq.operator.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Fabric8 mock API server in CRUD mode with the RouteMQCluster CRD registered, status
 * subresources for Deployments and HPAs (so a PUT keeps the status a simulator wrote, as a real API
 * server does), and a record of every request line for the RBAC coverage check.
 */
public final class MockKube implements AutoCloseable {

  public static final Path CRD = Path.of("..", "deploy", "crds", "routemqclusters.routemq.io-v1.yml");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  /** User-Agent of the operator's client: only its requests are recorded. */
  public static final String OPERATOR_AGENT = "routemq-operator-under-test";

  private final Set<String> requests = ConcurrentHashMap.newKeySet();

  private MockKube() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
    crud.expectCustomResource(statusAware("apps", "v1", "deployments", "Deployment"));
    crud.expectCustomResource(statusAware("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler"));
    Dispatcher recording = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String plain = query < 0 ? path : path.substring(0, query);
        boolean watch = query >= 0 && path.substring(query).contains("watch=true");
        if (OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
          requests.add(request.getMethod() + " " + plain + (watch ? " watch" : ""));
        }
        return crud.dispatch(request);
      }
    };
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, recording, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    try (var in = Files.newInputStream(CRD)) {
      client.apiextensions().v1().customResourceDefinitions().load(in).create();
    }
  }

  public static MockKube start() throws Exception {
    return new MockKube();
  }

  private static CustomResourceDefinitionContext statusAware(String group, String version, String plural, String kind) {
    return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
        .withPlural(plural).withKind(kind).withScope("Namespaced").withStatusSubresource(true).build();
  }

  public KubernetesClient client() {
    return client;
  }

  /** A fresh client for an operator (a restarted operator builds a new one); its requests are recorded. */
  public KubernetesClient operatorClient() {
    return server.createClient(b -> b.editOrNewConfig().withUserAgent(OPERATOR_AGENT).endConfig());
  }

  /**
   * JOSDK checks its leader-election permissions with a SelfSubjectRulesReview, which the mock does
   * not evaluate: answer that leases may be used.
   */
  public void allowLeases() {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
            .withNewStatus().addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
            .withVerbs("*").endResourceRule().withIncomplete(false).endStatus().build())
        .always();
  }

  /** Makes every request with this method and path fail with 500, as a broken API server would. */
  public void failWith500(String method, String path) {
    var expectation = switch (method) {
      case "POST" -> server.expect().post();
      case "PUT" -> server.expect().put();
      default -> throw new IllegalArgumentException(method);
    };
    expectation.withPath(path).andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"injected\"}").always();
  }

  /** An operator client that does not retry failed requests itself (Fabric8 retries a 5xx for ~20 s). */
  public KubernetesClient operatorClientWithoutRetries() {
    return server.createClient(b -> b.editOrNewConfig().withUserAgent(OPERATOR_AGENT)
        .withRequestRetryBackoffLimit(0).endConfig());
  }

  /** Every request the operator's clients made: "METHOD /path" plus " watch" for watches. */
  public Set<String> requests() {
    return Set.copyOf(requests);
  }

  /** Plays the Deployment controller: every pod of the current spec is running and ready. */
  public void rollOut(String namespace, String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
        .withAvailableReplicas(replicas).build());
    client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
