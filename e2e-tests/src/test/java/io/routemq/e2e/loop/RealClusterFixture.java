package io.routemq.e2e.loop;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.e2e.fleet.DemoCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The closed loop on a real cluster prepared by {@code deploy/kind/up.sh}: its operator (namespace
 * {@code routemq-system}), its Mosquitto ({@code routemq-demo/mosquitto}) and its worker image. The demo cluster
 * runs in a namespace of its own, deleted afterwards; the load tester reaches Mosquitto through a port-forward on
 * 127.0.0.1.
 *
 * <p>Runs only against the kubeconfig context {@code kind-routemq} (another with {@code -Droutemq.kind.context=…}),
 * never whatever context happens to be current, so a test run cannot touch a cluster nobody meant it to. Skips, with
 * the reason, when that context is absent or does not answer.
 */
final class KindFixture extends ClusterUnderTest {
  static final String CONTEXT = System.getProperty("routemq.kind.context", "kind-routemq");
  static final String WORKER_IMAGE = System.getProperty("routemq.kind.workerImage", "routemq-worker:dev");
  private static final String OPERATOR_NS = "routemq-system";
  private static final String BROKER_NS = "routemq-demo";

  private final KubernetesClient client;
  private final String namespace;
  private final LocalPortForward broker;
  private final Path dir;

  private KindFixture(KubernetesClient client, String namespace, LocalPortForward broker, Path dir) {
    this.client = client;
    this.namespace = namespace;
    this.broker = broker;
    this.dir = dir;
  }

  static KindFixture start(String name, GroupSpec group) throws Exception {
    KubernetesClient client = connectOrSkip();
    try {
      requireInstalled(client);
      String namespace = "routemq-e2e-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .build()).create();
      RouteMQCluster cluster = DemoCluster.load(namespace, "tcp://mosquitto." + BROKER_NS + ":1883");
      cluster.getSpec().getWorker().setImage(WORKER_IMAGE);
      cluster.getSpec().getWorker().setImagePullPolicy("IfNotPresent");
      cluster.getSpec().setGroups(List.of(group));
      client.resources(RouteMQCluster.class).inNamespace(namespace).resource(cluster).create();
      LocalPortForward forward = client.services().inNamespace(BROKER_NS).withName("mosquitto").portForward(1883);
      Path dir = Path.of(System.getProperty("routemq.e2e.dumpDir", "target/e2e-dumps"), "kind-" + name);
      return new KindFixture(client, namespace, forward, dir);
    } catch (Exception | Error e) {
      client.close();
      throw e;
    }
  }

  private static KubernetesClient connectOrSkip() {
    Config config = Config.autoConfigure(CONTEXT);
    boolean known = config.getContexts() != null
        && config.getContexts().stream().anyMatch(c -> CONTEXT.equals(c.getName()));
    Assumptions.assumeTrue(known, "Kind suite skipped: no kubeconfig context " + CONTEXT
        + " (deploy/kind/up.sh creates it; -Droutemq.kind.context=<name> picks another)");
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(10_000);
    config.setRequestRetryBackoffLimit(0);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      client.close();
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      Assumptions.abort("Kind suite skipped: context " + CONTEXT + " does not answer (" + cause
          + "); is the Kind cluster running? deploy/kind/up.sh starts it");
    }
    return client;
  }

  /** The cluster is ours: a missing operator or broker is a setup mistake, reported as one, not a skip. */
  private static void requireInstalled(KubernetesClient client) {
    String fix = "; run deploy/kind/up.sh to install it";
    Assertions.assertNotNull(client.apiextensions().v1().customResourceDefinitions()
        .withName("routemqclusters.routemq.io").get(), "the RouteMQCluster CRD is not installed" + fix);
    var operator = client.apps().deployments().inNamespace(OPERATOR_NS).withName("routemq-operator").get();
    Assertions.assertTrue(operator != null && operator.getStatus() != null
        && operator.getStatus().getAvailableReplicas() != null && operator.getStatus().getAvailableReplicas() > 0,
        "the operator is not running in " + OPERATOR_NS + fix);
    Assertions.assertNotNull(client.services().inNamespace(BROKER_NS).withName("mosquitto").get(),
        "no Mosquitto service in " + BROKER_NS + fix);
  }

  @Override
  KubernetesClient client() {
    return client;
  }

  @Override
  String namespace() {
    return namespace;
  }

  @Override
  String brokerUrl() {
    return "tcp://127.0.0.1:" + broker.getLocalPort();
  }

  /** The operator's and the workers' logs, as kubectl logs would show them. */
  @Override
  void dumpLogs() throws Exception {
    Files.createDirectories(dir);
    for (Pod pod : client.pods().inNamespace(OPERATOR_NS).list().getItems()) {
      dump(OPERATOR_NS, pod);
    }
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      dump(namespace, pod);
    }
  }

  private void dump(String ns, Pod pod) throws Exception {
    String name = pod.getMetadata().getName();
    Files.writeString(dir.resolve(name + ".log"), client.pods().inNamespace(ns).withName(name).getLog());
  }

  @Override
  public void close() throws Exception {
    try (client; broker) {
      client.namespaces().withName(namespace).delete();
    }
  }
}
