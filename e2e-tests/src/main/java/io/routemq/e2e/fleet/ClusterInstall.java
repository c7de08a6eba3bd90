package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What an administrator applies before the operator runs, done with the admin client on a real API server: the CRD
 * (until Established), the operator's namespace and its RBAC exactly as {@code deploy/operator/} ships them, and a
 * namespace for the workers (until its default ServiceAccount exists, without which pods are refused).
 */
public final class ClusterInstall {
  /** The operator's namespace and ServiceAccount, as {@code deploy/operator/} names them. */
  public static final String OPERATOR_NAMESPACE = "routemq-system";
  public static final String OPERATOR_SERVICE_ACCOUNT = "routemq-operator";

  private ClusterInstall() {}

  public static void crd(KubernetesClient client, Path crdFile) {
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(crdFile)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + crdFile, e);
    }
    client.resource(crd).createOr(NonDeletingOperation::update);
    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
                .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60, TimeUnit.SECONDS);
  }

  /** Applies the operator's namespace and RBAC files from {@code deploy/operator/}. */
  public static void operatorRbac(KubernetesClient client, Path deployDir) {
    for (String file : List.of("namespace.yaml", "rbac.yaml")) {
      try (InputStream in = Files.newInputStream(deployDir.resolve("operator").resolve(file))) {
        for (HasMetadata item : client.load(in).items()) {
          client.resource(item).createOr(NonDeletingOperation::update);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + " under " + deployDir, e);
      }
    }
  }

  /**
   * The environment {@code deploy/operator/deployment.yaml} gives the operator's container (its JVM flags among
   * it), so a process runs with the limits a pod would.
   */
  public static Map<String, String> operatorContainerEnv(KubernetesClient client, Path deployDir) {
    try (InputStream in = Files.newInputStream(deployDir.resolve("operator").resolve("deployment.yaml"))) {
      Deployment d = client.apps().deployments().load(in).item();
      Map<String, String> env = new LinkedHashMap<>();
      d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
          .filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
      return env;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the operator's Deployment under " + deployDir, e);
    }
  }

  public static void namespace(KubernetesClient client, String name) {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    client.serviceAccounts().inNamespace(name).withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
  }
}
