package io.routemq.e2e.loop;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.e2e.fleet.ClusterInstall;
import io.routemq.e2e.fleet.DemoCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The closed loop on any real cluster that has the operator installed ({@code kubectl apply -k deploy/} with its
 * images) and a Mosquitto the workers can reach: a Kind cluster prepared by {@code deploy/kind/up.sh} (the default),
 * or this machine's real node ({@code ClosedLoopOnRealNodeIT}). The demo cluster runs in a namespace of its own, deleted
 * afterwards.
 *
 * <p>Runs only against a named kubeconfig context ({@code kind-routemq} unless {@code -Droutemq.cluster.context=…}),
 * never whatever context happens to be current, so a test run cannot touch a cluster nobody meant it to. Skips, with
 * the reason, when that context is absent or does not answer.
 */
final class RealClusterFixture extends ClusterUnderTest {
  private static final String OPERATOR_NS = ClusterInstall.OPERATOR_NAMESPACE;

  /**
   * Which cluster and how its broker is reached.
   *
   * @param kubeconfig the kubeconfig file, or empty for the usual lookup (KUBECONFIG, ~/.kube/config)
   * @param context the context to use in it
   * @param workerImage the worker image the cluster's nodes have
   * @param broker how the workers and the load tester reach Mosquitto
   */
  record Target(Optional<Path> kubeconfig, String context, String workerImage, Broker broker) {
    /** deploy/kind/up.sh's cluster, or another named by system properties. */
    static Target kind() {
      return new Target(Optional.empty(), System.getProperty("routemq.cluster.context", "kind-routemq"),
          System.getProperty("routemq.cluster.workerImage", "routemq-worker:dev"),
          new Broker.InCluster("routemq-demo", "mosquitto"));
    }
  }

  /** Where the broker is, for the workers (in the cluster) and for the load tester (on this machine). */
  sealed interface Broker {
    /** The URL the workers connect to, from inside the cluster. */
    String workersUrl();

    /** A Service in the cluster (deploy/kind/mosquitto.yaml): the load tester goes through a port-forward. */
    record InCluster(String namespace, String service) implements Broker {
      @Override
      public String workersUrl() {
        return "tcp://" + service + "." + namespace + ":1883";
      }
    }

    /** An address both the pods and this machine reach (a broker beside the real node, on its bridge). */
    record Address(String url) implements Broker {
      @Override
      public String workersUrl() {
        return url;
      }
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final Optional<LocalPortForward> forward;
  private final String brokerUrl;
  private final Path dir;

  private RealClusterFixture(KubernetesClient client, String namespace, Optional<LocalPortForward> forward,
      String brokerUrl, Path dir) {
    this.client = client;
    this.namespace = namespace;
    this.forward = forward;
    this.brokerUrl = brokerUrl;
    this.dir = dir;
  }

  static RealClusterFixture start(String name, GroupSpec group) throws Exception {
    return start(Target.kind(), name, group);
  }

  static RealClusterFixture start(Target target, String name, GroupSpec group) throws Exception {
    KubernetesClient client = connectOrSkip(target);
    try {
      requireInstalled(client, target.broker());
      String namespace = "routemq-e2e-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .build()).create();
      String workersBroker = target.broker().workersUrl();
      RouteMQCluster cluster = DemoCluster.load(namespace, workersBroker);
      // Both targets run Mosquitto, which needs Unsubscribe to drain without loss (the README's broker table).
      cluster.getSpec().getBroker().setDrainMode(DrainMode.Unsubscribe);
      cluster.getSpec().getWorker().setImage(target.workerImage());
      cluster.getSpec().getWorker().setImagePullPolicy("IfNotPresent");
      cluster.getSpec().setGroups(List.of(group));
      client.resources(RouteMQCluster.class).inNamespace(namespace).resource(cluster).create();
      Optional<LocalPortForward> forward = target.broker() instanceof Broker.InCluster s
          ? Optional.of(client.services().inNamespace(s.namespace()).withName(s.service()).portForward(1883))
          : Optional.empty();
      String testerBroker = forward.map(f -> "tcp://127.0.0.1:" + f.getLocalPort()).orElse(workersBroker);
      Path dir = Path.of(System.getProperty("routemq.e2e.dumpDir", "target/e2e-dumps"), "cluster-" + name);
      return new RealClusterFixture(client, namespace, forward, testerBroker, dir);
    } catch (Exception | Error e) {
      client.close();
      throw e;
    }
  }

  private static KubernetesClient connectOrSkip(Target target) {
    String context = target.context();
    Config config = target.kubeconfig().map(file -> fromKubeconfig(file, context))
        .orElseGet(() -> Config.autoConfigure(context));
    boolean known = config.getContexts() != null
        && config.getContexts().stream().anyMatch(c -> context.equals(c.getName()));
    Assumptions.assumeTrue(known, "real-cluster suite skipped: no kubeconfig context " + context
        + " (deploy/kind/up.sh creates kind-routemq; -Droutemq.cluster.context=<name> picks another)");
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
      Assumptions.abort("real-cluster suite skipped: context " + context + " does not answer (" + cause
          + "); is the cluster running? deploy/kind/up.sh starts the Kind one");
    }
    return client;
  }

  private static Config fromKubeconfig(Path file, String context) {
    try {
      return Config.fromKubeconfig(context, Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + file, e);
    }
  }

  /** The cluster is ours: a missing operator or broker is a setup mistake, reported as one, not a skip. */
  private static void requireInstalled(KubernetesClient client, Broker broker) {
    String fix = "; install it (deploy/kind/up.sh does, for the Kind cluster)";
    Assertions.assertNotNull(client.apiextensions().v1().customResourceDefinitions()
        .withName("routemqclusters.routemq.io").get(), "the RouteMQCluster CRD is not installed" + fix);
    var operator = client.apps().deployments().inNamespace(OPERATOR_NS).withName("routemq-operator").get();
    Assertions.assertTrue(operator != null && operator.getStatus() != null
        && operator.getStatus().getAvailableReplicas() != null && operator.getStatus().getAvailableReplicas() > 0,
        "the operator is not running in " + OPERATOR_NS + fix);
    if (broker instanceof Broker.InCluster s) {
      Assertions.assertNotNull(client.services().inNamespace(s.namespace()).withName(s.service()).get(),
          "no Mosquitto service " + s.service() + " in " + s.namespace() + fix);
    }
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
    return brokerUrl;
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
    try (client) {
      client.namespaces().withName(namespace).delete();
    } finally {
      if (forward.isPresent()) {
        forward.get().close();
      }
    }
  }
}
