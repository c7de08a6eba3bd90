package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static io.routemq.operator.testing.Clusters.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.TlsSpec;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerDeploymentsTest {

  private final RouteMQCluster cluster = cluster("telemetry").credentials("mqtt-creds").group(fixed("ingest", 3)).build();
  private final GroupSpec group = cluster.getSpec().getGroups().get(0);

  private Deployment deployment() {
    return WorkerDeployments.desired(cluster, group, 3, "abc123");
  }

  private Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private Map<String, EnvVar> env(Deployment d) {
    return container(d).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void isNamedAfterClusterAndGroupAndOwnedByTheCluster() {
    Deployment d = deployment();
    assertThat(d.getMetadata().getName()).isEqualTo("telemetry-ingest");
    assertThat(d.getMetadata().getNamespace()).isEqualTo("iot");
    assertThat(d.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("RouteMQCluster");
      assertThat(o.getApiVersion()).isEqualTo("routemq.io/v1alpha1");
      assertThat(o.getUid()).isEqualTo("uid-telemetry");
      assertThat(o.getController()).isTrue();
    });
  }

  @Test
  void carriesStandardLabelsAndSelectsItsPodsByStableLabels() {
    Deployment d = deployment();
    assertThat(d.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "routemq-worker")
        .containsEntry("app.kubernetes.io/instance", "telemetry-ingest")
        .containsEntry("app.kubernetes.io/part-of", "telemetry")
        .containsEntry("app.kubernetes.io/managed-by", "routemq-operator");
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("routemq.io/cluster", "telemetry", "routemq.io/group", "ingest"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void probesTheWorkersHealthEndpoints() {
    Container c = container(deployment());
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(WorkerContract.LIVENESS_PATH);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(WorkerContract.READINESS_PATH);
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(WorkerContract.HTTP_PORT);
    assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
  }

  @Test
  void runsRestrictedNonRootReadOnlyWithoutCapabilities() {
    Deployment d = deployment();
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var sc = container(d).getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  void givesPodsTenSecondsMoreThanTheDrainTimeout() {
    cluster.getSpec().getWorker().setDrainTimeoutSeconds(45);
    assertThat(deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(55L);
  }

  @Test
  void tellsWorkersHowToLeaveTheSharedGroup() {
    assertThat(env(deployment())).as("the worker's default, unsubscribe")
        .doesNotContainKey(WorkerContract.ENV_DRAIN_MODE);
    cluster.getSpec().getBroker().setDrainMode(DrainMode.Handover);
    assertThat(env(deployment()).get(WorkerContract.ENV_DRAIN_MODE).getValue()).isEqualTo("handover");
  }

  @Test
  void feedsBrokerCredentialsFromTheSecretAndClientIdFromThePodName() {
    Map<String, EnvVar> env = env(deployment());
    assertThat(env.get(WorkerContract.ENV_BROKER_URL).getValue()).isEqualTo("tcp://broker.iot:1883");
    assertThat(env.get(WorkerContract.ENV_USERNAME).getValueFrom().getSecretKeyRef().getName()).isEqualTo("mqtt-creds");
    assertThat(env.get(WorkerContract.ENV_USERNAME).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("username");
    assertThat(env.get(WorkerContract.ENV_PASSWORD).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    assertThat(env.get(WorkerContract.ENV_CLIENT_ID).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get(WorkerContract.ENV_ROUTE_TABLE).getValue()).isEqualTo("/etc/routemq/routes.json");
  }

  @Test
  void mountsTheRouteTableFromTheGroupsConfigMap() {
    Deployment d = deployment();
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getConfigMap() == null ? null : v.getConfigMap().getName())
        .contains("telemetry-ingest");
    assertThat(container(d).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/routemq/routes.json"));
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry(Labels.CONFIG_HASH, "abc123");
  }

  @Test
  void mountsTlsSecretsUnderTheTlsDirectory() {
    TlsSpec tls = new TlsSpec();
    tls.setCaSecret("broker-ca");
    tls.setClientCertSecret("worker-cert");
    cluster.getSpec().getBroker().setTls(tls);
    Deployment d = deployment();
    Map<String, EnvVar> env = env(d);
    assertThat(env.get(WorkerContract.ENV_TLS_ENABLED).getValue()).isEqualTo("true");
    assertThat(env.get(WorkerContract.ENV_TLS_CA_FILE).getValue()).startsWith(WorkerContract.TLS_DIR);
    assertThat(env.get(WorkerContract.ENV_TLS_KEY_FILE).getValue()).isEqualTo(WorkerContract.TLS_DIR + "/client/tls.key");
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
        .contains("broker-ca", "worker-cert");
  }

  @Test
  void groupResourcesReplaceWorkerResourcesAndGroupEnvWins() {
    group.setResources(new ResourceRequirementsBuilder().addToLimits("cpu", new Quantity("2")).build());
    group.setEnv(java.util.List.of(new EnvVar(WorkerContract.ENV_KEEP_ALIVE, "30", null)));
    Deployment d = deployment();
    assertThat(container(d).getResources().getLimits()).containsKey("cpu");
    assertThat(container(d).getResources().getRequests()).isNullOrEmpty();
    assertThat(env(d).get(WorkerContract.ENV_KEEP_ALIVE).getValue()).isEqualTo("30");
  }

  @Test
  void orderedGroupIsReplacedNotRolled() {
    RouteMQCluster c = cluster("telemetry").group(ordered("audit")).build();
    Deployment d = WorkerDeployments.desired(c, c.getSpec().getGroups().get(0), 1, "h");
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment().getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
  }

  @Test
  void leavesReplicasOutWhenAnotherControllerOwnsThem() {
    assertThat(WorkerDeployments.desired(cluster, group, null, "h").getSpec().getReplicas()).isNull();
  }

  @Test
  void theBrokerSecretsHashIsOnThePodTemplateSoARotationRollsTheWorkers() {
    Deployment d = WorkerDeployments.desired(cluster, group, 3, "abc123", java.util.Optional.of("0123456789abcdef"));
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(Labels.BROKER_SECRETS_HASH, "0123456789abcdef").containsEntry(Labels.CONFIG_HASH, "abc123");
    assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey(Labels.BROKER_SECRETS_HASH);
  }
}
