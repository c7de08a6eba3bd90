package io.routemq.operator.reconcile;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static io.routemq.operator.testing.Clusters.ordered;
import static io.routemq.operator.testing.Clusters.ranged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.routetable.AdoptionReport;
import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.GroupStatus;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.sessions.AdopterPods;
import io.routemq.operator.sessions.SessionLedger;
import io.routemq.operator.sessions.SessionPlan;
import io.routemq.operator.testing.Conflicts;
import io.routemq.operator.testing.MockKube;
import io.routemq.operator.testing.OperatorHarness;
import io.routemq.operator.testing.RbacRules;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The reconciler against the Fabric8 mock API server (CRUD mode, CRD registered). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteMQClusterReconcilerIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static MockKube kube;
  private static KubernetesClient client;
  private static OperatorHarness operator;

  @BeforeAll
  static void start() throws Exception {
    kube = MockKube.start();
    client = kube.client();
    operator = OperatorHarness.start(kube.operatorClient());
  }

  @AfterAll
  static void stop() {
    operator.close();
    kube.close();
  }

  private static void secret(String ns, String name) {
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .endMetadata().withData(Map.of("username", "dQ==", "password", "cA==")).build()).create();
  }

  private static RouteMQCluster create(RouteMQCluster c) {
    return client.resources(RouteMQCluster.class).inNamespace(c.getMetadata().getNamespace())
        .resource(stripServerFields(c)).create();
  }

  private static RouteMQCluster stripServerFields(RouteMQCluster c) {
    c.getMetadata().setUid(null);
    c.getMetadata().setGeneration(null);
    return c;
  }

  private static RouteMQCluster edit(String ns, String name, UnaryOperator<RouteMQCluster> change) {
    return Conflicts.retry(() -> client.resources(RouteMQCluster.class).inNamespace(ns).withName(name).edit(change));
  }

  private static Deployment editDeployment(String ns, String name, UnaryOperator<Deployment> change) {
    return Conflicts.retry(() -> client.apps().deployments().inNamespace(ns).withName(name).edit(change));
  }

  private static RouteMQCluster get(String ns, String name) {
    return client.resources(RouteMQCluster.class).inNamespace(ns).withName(name).get();
  }

  private static Deployment deployment(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  private static Condition condition(RouteMQCluster c, String type) {
    if (c == null || c.getStatus() == null) {
      return null;
    }
    return c.getStatus().getConditions().stream().filter(x -> x.getType().equals(type)).findFirst().orElse(null);
  }

  /** Waits for Ready=True; on timeout the failure shows the cluster's status and its Deployments. */
  private static void awaitReady(String ns, String name) {
    try {
      await().atMost(WAIT).until(() -> isReady(ns, name));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StringBuilder state = new StringBuilder("not Ready. status: ")
          .append(io.fabric8.kubernetes.client.utils.Serialization.asJson(get(ns, name).getStatus()));
      client.apps().deployments().inNamespace(ns).list().getItems().forEach(d -> state.append("\n")
          .append(d.getMetadata().getName()).append(" gen=").append(d.getMetadata().getGeneration())
          .append(" status=").append(io.fabric8.kubernetes.client.utils.Serialization.asJson(d.getStatus())));
      throw new AssertionError(state.toString(), e);
    }
  }

  private static boolean isReady(String ns, String name) {
    Condition ready = condition(get(ns, name), "Ready");
    return ready != null && "True".equals(ready.getStatus());
  }

  @Test
  @Order(1)
  void createsEveryObjectWithOwnerReferencesLabelsProbesAndSecurityContext() {
    String ns = "create";
    secret(ns, "mqtt-creds");
    RouteMQCluster created = create(cluster("telemetry").namespace(ns).credentials("mqtt-creds")
        .group(fixed("ingest", 2))
        .group(ranged("web", 2, 6, AutoscalingMode.HPA))
        .group(ordered("audit")).build());
    String uid = created.getMetadata().getUid();

    await().atMost(WAIT).until(() -> deployment(ns, "telemetry-audit") != null
        && client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("telemetry-web").get() != null);

    for (String group : new String[] {"ingest", "web", "audit"}) {
      Deployment d = deployment(ns, "telemetry-" + group);
      ConfigMap cm = client.configMaps().inNamespace(ns).withName("telemetry-" + group).get();
      assertThat(d.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
      assertThat(cm.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
      assertThat(d.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
          .containsEntry(Labels.INSTANCE, "telemetry-" + group);
      assertThat(RouteTableCodec.fromJson(cm.getData().get(WorkerContract.ROUTE_TABLE_FILE_NAME)).group()).isEqualTo(group);
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo(WorkerContract.READINESS_PATH);
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo(WorkerContract.LIVENESS_PATH);
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    }
    assertThat(deployment(ns, "telemetry-ingest").getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment(ns, "telemetry-audit").getSpec().getStrategy().getType()).isEqualTo("Recreate");
    PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("telemetry-ingest").get();
    assertThat(pdb.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("telemetry-audit").get()).isNull();

    await().atMost(WAIT).until(() -> condition(get(ns, "telemetry"), "Progressing") != null);
    RouteMQCluster rolling = get(ns, "telemetry");
    assertThat(condition(rolling, "Ready").getStatus()).isEqualTo("False");
    assertThat(rolling.getStatus().getObservedGeneration()).isEqualTo(rolling.getMetadata().getGeneration());

    for (String group : new String[] {"ingest", "web", "audit"}) {
      kube.rollOut(ns, "telemetry-" + group);
    }
    awaitReady(ns, "telemetry");
    RouteMQCluster ready = get(ns, "telemetry");
    assertThat(ready.getStatus().getWorkers()).isEqualTo("5/5");
    assertThat(ready.getStatus().getGroupCount()).isEqualTo(3);
    assertThat(ready.getStatus().getGroups()).extracting(g -> g.getName() + "=" + g.getReadyReplicas())
        .containsExactly("ingest=2", "web=2", "audit=1");
    assertThat(condition(ready, "Degraded").getStatus()).isEqualTo("False");
  }

  @Test
  @Order(2)
  void aRouteEditRollsTheDeployment() {
    String ns = "routes";
    create(cluster("fleet").namespace(ns).group(fixed("ingest", 2)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-ingest") != null);
    String before = deployment(ns, "fleet-ingest").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH);

    edit(ns, "fleet", c -> {
      c.getSpec().getGroups().get(0).getRoutes().get(0).setTopic("sensors/+/temperature");
      return c;
    });

    await().atMost(WAIT).until(() -> !before.equals(
        deployment(ns, "fleet-ingest").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH)));
    ConfigMap cm = client.configMaps().inNamespace(ns).withName("fleet-ingest").get();
    assertThat(RouteTableCodec.fromJson(cm.getData().get(WorkerContract.ROUTE_TABLE_FILE_NAME)).routes().get(0).topic())
        .isEqualTo("sensors/+/temperature");
  }

  @Test
  @Order(3)
  void aRemovedGroupLosesItsObjects() {
    String ns = "removal";
    create(cluster("fleet").namespace(ns).group(fixed("keep", 2)).group(fixed("drop", 2)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-drop") != null
        && client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("fleet-drop").get() != null);

    edit(ns, "fleet", c -> {
      c.getSpec().getGroups().removeIf(g -> g.getName().equals("drop"));
      return c;
    });

    await().atMost(WAIT).until(() -> deployment(ns, "fleet-drop") == null);
    await().atMost(WAIT).until(() -> client.configMaps().inNamespace(ns).withName("fleet-drop").get() == null
        && client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("fleet-drop").get() == null);
    assertThat(deployment(ns, "fleet-keep")).isNotNull();
    await().atMost(WAIT).until(() -> get(ns, "fleet").getStatus().getGroupCount() == 1);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("GroupRemoved");
          assertThat(e.getMessage()).contains("drop");
        });
  }

  @Test
  @Order(4)
  void anInvalidEditIsReportedAndTouchesNothing() {
    String ns = "invalid";
    create(cluster("fleet").namespace(ns).group(fixed("ingest", 2)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-ingest") != null);
    kube.rollOut(ns, "fleet-ingest");
    awaitReady(ns, "fleet");
    String rv = deployment(ns, "fleet-ingest").getMetadata().getResourceVersion();
    String cmRv = client.configMaps().inNamespace(ns).withName("fleet-ingest").get().getMetadata().getResourceVersion();

    edit(ns, "fleet", c -> {
      c.getSpec().getGroups().get(0).getRoutes().get(0).setHandler(new HandlerSpec("kafka-sink", null));
      c.getSpec().getGroups().get(0).getReplicas().setCount(5);
      return c;
    });

    await().atMost(WAIT).until(() -> {
      Condition ready = condition(get(ns, "fleet"), "Ready");
      return ready != null && "UnknownHandler".equals(ready.getReason());
    });
    RouteMQCluster rejected = get(ns, "fleet");
    assertThat(condition(rejected, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(rejected, "Ready").getMessage()).contains("kafka-sink");
    assertThat(rejected.getStatus().getObservedGeneration()).isEqualTo(rejected.getMetadata().getGeneration());
    await().atMost(WAIT).until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
        .anyMatch(e -> "UnknownHandler".equals(e.getReason()) && "Warning".equals(e.getType())
            && "fleet".equals(e.getInvolvedObject().getName())));
    // Several retries later the running workers are still as they were, with one Event only.
    double seen = operator.reconciles();
    await().atMost(WAIT).until(() -> operator.reconciles() >= seen + 2);
    assertThat(deployment(ns, "fleet-ingest").getMetadata().getResourceVersion()).isEqualTo(rv);
    assertThat(deployment(ns, "fleet-ingest").getSpec().getReplicas()).isEqualTo(2);
    assertThat(client.configMaps().inNamespace(ns).withName("fleet-ingest").get().getMetadata().getResourceVersion())
        .isEqualTo(cmRv);
    assertThat(client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "UnknownHandler".equals(e.getReason())).count()).isEqualTo(1);
  }

  /**
   * A rotation in the credentials Secret rolls the workers: they read the password only when they start. There is
   * no watch on Secrets; the harness's secretRecheck (1 s) bounds the wait, 30 s by default.
   */
  @Test
  @Order(5)
  void aRotatedPasswordRollsTheWorkers() {
    String ns = "rotation";
    secret(ns, "creds");
    create(cluster("fleet").namespace(ns).credentials("creds").group(fixed("ingest", 1)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-ingest") != null);
    String before = secretsHash(ns);
    assertThat(before).isNotBlank();
    String routeHash = deployment(ns, "fleet-ingest").getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Labels.CONFIG_HASH);

    client.secrets().inNamespace(ns).withName("creds").edit(sec -> {
      sec.getData().put("password", "bmV3");
      return sec;
    });

    await().atMost(WAIT).until(() -> !before.equals(secretsHash(ns)));
    assertThat(deployment(ns, "fleet-ingest").getSpec().getTemplate().getMetadata().getAnnotations())
        .as("only the Secrets' hash changed").containsEntry(Labels.CONFIG_HASH, routeHash);
  }

  private static String secretsHash(String ns) {
    return deployment(ns, "fleet-ingest").getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Labels.BROKER_SECRETS_HASH);
  }

  @Test
  @Order(5)
  void aMissingSecretBlocksCreationUntilItAppears() {
    String ns = "secretless";
    create(cluster("fleet").namespace(ns).credentials("later").group(fixed("ingest", 1)).build());
    await().atMost(WAIT).until(() -> {
      Condition ready = condition(get(ns, "fleet"), "Ready");
      return ready != null && "SecretNotFound".equals(ready.getReason());
    });
    assertThat(deployment(ns, "fleet-ingest")).isNull();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(Event::getReason).contains("SecretNotFound");

    secret(ns, "later");
    // No watch on Secrets (the operator may only get them): the rejected spec is re-checked on a timer.
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-ingest") != null);
  }

  @Test
  @Order(6)
  void aHandEditedDeploymentIsRestored() {
    String ns = "drift";
    create(cluster("fleet").namespace(ns).group(fixed("ingest", 2)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-ingest") != null);
    kube.rollOut(ns, "fleet-ingest");

    editDeployment(ns, "fleet-ingest", d -> {
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      c.setImage("evil:latest");
      c.getEnv().add(new EnvVar("INJECTED", "1", null));
      c.getSecurityContext().setReadOnlyRootFilesystem(false);
      d.getSpec().setReplicas(7);
      return d;
    });

    await().atMost(WAIT).until(() -> {
      Deployment d = deployment(ns, "fleet-ingest");
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      return c.getImage().startsWith("ghcr.io/routemq") && d.getSpec().getReplicas() == 2;
    });
    Deployment restored = deployment(ns, "fleet-ingest");
    Container c = restored.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getEnv()).extracting(EnvVar::getName).doesNotContain("INJECTED");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(restored.getStatus().getReadyReplicas()).as("the simulated controller's status survives").isEqualTo(2);
  }

  @Test
  @Order(7)
  void hpaModeWritesTheHpaAndLeavesReplicasToIt() {
    String ns = "hpa";
    create(cluster("fleet").namespace(ns).group(ranged("web", 2, 10, AutoscalingMode.HPA)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-web") != null);
    // The HPA is written after the Deployment, in the same reconcile: seen missing here once, under load.
    await().atMost(WAIT).until(() ->
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("fleet-web").get() != null);
    HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("fleet-web").get();
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("fleet-web");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(deployment(ns, "fleet-web").getSpec().getReplicas()).isEqualTo(2);

    // The HPA controller scales the Deployment.
    editDeployment(ns, "fleet-web", d -> {
      d.getSpec().setReplicas(7);
      return d;
    });
    String hashBefore =
        deployment(ns, "fleet-web").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH);
    // A spec change forces a reconcile that rewrites the Deployment (new routes) ...
    edit(ns, "fleet", c -> {
      c.getSpec().getGroups().get(0).getRoutes().get(0).setTopic("web/#");
      c.getSpec().getGroups().get(0).getReplicas().setMax(12);
      return c;
    });
    await().atMost(WAIT).until(() -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns)
        .withName("fleet-web").get().getSpec().getMaxReplicas() == 12);
    await().atMost(WAIT).until(() -> RouteTableCodec.fromJson(client.configMaps().inNamespace(ns).withName("fleet-web")
        .get().getData().get(WorkerContract.ROUTE_TABLE_FILE_NAME)).routes().get(0).topic().equals("web/#"));
    // ... and keeps the HPA's count.
    await().atMost(WAIT).until(() -> !hashBefore.equals(
        deployment(ns, "fleet-web").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH)));
    assertThat(deployment(ns, "fleet-web").getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  @Order(8)
  void leavingHpaModeRemovesTheHpa() {
    String ns = "hpa-off";
    create(cluster("fleet").namespace(ns).group(ranged("web", 2, 10, AutoscalingMode.HPA)).build());
    await().atMost(WAIT).until(() -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("fleet-web").get() != null);
    edit(ns, "fleet", c -> {
      c.getSpec().getGroups().get(0).getAutoscaling().setMode(AutoscalingMode.Operator);
      return c;
    });
    await().atMost(WAIT).until(() -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).withName("fleet-web").get() == null);
    assertThat(deployment(ns, "fleet-web").getMetadata().getAnnotations()).containsEntry(Labels.REPLICAS_OWNER, "operator");
  }

  @Test
  @Order(9)
  void aForeignObjectWithAChildsNameIsReportedAndLeftAlone() {
    String ns = "foreign";
    Deployment theirs = client.apps().deployments().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("fleet-ingest").withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", "theirs").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "theirs").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("theirs:1").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();

    create(cluster("fleet").namespace(ns).group(fixed("ingest", 2)).build());

    await().atMost(WAIT).until(() -> {
      Condition ready = condition(get(ns, "fleet"), "Ready");
      return ready != null && ForeignObjectException.REASON.equals(ready.getReason());
    });
    assertThat(condition(get(ns, "fleet"), "Ready").getMessage()).contains("Deployment \"fleet-ingest\"");
    await().atMost(WAIT).until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
        .anyMatch(e -> ForeignObjectException.REASON.equals(e.getReason())));
    Deployment after = deployment(ns, "fleet-ingest");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(theirs.getMetadata().getResourceVersion());
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("theirs:1");
  }

  @Test
  @Order(10)
  void aDeploymentThatLostItsLabelsIsTakenBackWithItsReplicaCount() {
    String ns = "unlabelled";
    create(cluster("fleet").namespace(ns).group(ranged("auto", 1, 8, AutoscalingMode.Operator)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-auto") != null);
    editDeployment(ns, "fleet-auto", d -> {
      d.getMetadata().getLabels().remove(Labels.MANAGED_BY);
      d.getSpec().setReplicas(5);
      return d;
    });

    await().atMost(WAIT).until(() -> Labels.OPERATOR.equals(
        deployment(ns, "fleet-auto").getMetadata().getLabels().get(Labels.MANAGED_BY)));
    // The relabelled Deployment comes back through the informer and is reconciled again: its count holds.
    await().during(Duration.ofSeconds(2)).atMost(WAIT)
        .until(() -> deployment(ns, "fleet-auto").getSpec().getReplicas() == 5);
  }

  /**
   * The mock has no kubelet: the test plays it, creating the group's worker pods, deleting one with no grace, and
   * finishing the adopter pod with the report a worker leaves as its termination message.
   */
  @Test
  @Order(11)
  void aWorkerGoneWithItsSessionGetsAnAdopterPodAndTheRecoveryIsReported() {
    String ns = "orphans";
    create(cluster("fleet").namespace(ns).group(fixed("ingest", 2)).build());
    await().atMost(WAIT).until(() -> deployment(ns, "fleet-ingest") != null);
    workerPod(ns, "fleet-ingest-a", null);
    workerPod(ns, "fleet-ingest-b", null);
    await().atMost(WAIT).until(() -> ledger(ns).contains("fleet-ingest-a") && ledger(ns).contains("fleet-ingest-b"));

    client.pods().inNamespace(ns).withName("fleet-ingest-a").withGracePeriod(0).delete();

    await().atMost(WAIT).until(() -> adopters(ns).size() == 1);
    Pod adopter = adopters(ns).get(0);
    assertThat(adopter.getMetadata().getAnnotations()).containsEntry(AdopterPods.ADOPTING, "fleet-ingest-a");
    assertThat(adopter.getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar(WorkerContract.ENV_ADOPT_SESSIONS, "fleet-ingest-a", null));
    await().atMost(WAIT).until(() -> orphaned(ns) != null && orphaned(ns) == 1);
    assertThat(eventReasons(ns)).contains(SessionPlan.ORPHANED);

    client.pods().inNamespace(ns).withName(adopter.getMetadata().getName()).edit(p -> {
      p.setStatus(new PodStatusBuilder().withPhase("Succeeded").addNewContainerStatus().withName("worker")
          .withNewState().withNewTerminated().withExitCode(0)
          .withMessage(new AdoptionReport(1, 1, 42, 0, 0, 1500).toJson()).endTerminated().endState()
          .endContainerStatus().build());
      return p;
    });

    await().atMost(WAIT).until(() -> adopters(ns).isEmpty() && ledger(ns).equals("fleet-ingest-b")
        && orphaned(ns) == null);
    assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(SessionPlan.RECOVERED);
      assertThat(e.getMessage()).contains("recovered 42 message(s)", "fleet-ingest-a");
    });

    // A worker that ended its session as it drained leaves the ledger, and its pod's going needs no adopter.
    client.pods().inNamespace(ns).withName("fleet-ingest-b").edit(p -> {
      p.setStatus(new PodStatusBuilder().withPhase("Running").addNewContainerStatus().withName("worker")
          .withNewState().withNewTerminated().withExitCode(0).withMessage(WorkerContract.TERMINATION_SESSION_ENDED)
          .endTerminated().endState().endContainerStatus().build());
      return p;
    });
    await().atMost(WAIT).until(() -> ledger(ns).isEmpty());
    client.pods().inNamespace(ns).withName("fleet-ingest-b").withGracePeriod(0).delete();
    await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> adopters(ns).isEmpty());
  }

  private static void workerPod(String ns, String name, String terminationMessage) {
    client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .withLabels(Labels.forGroup("fleet", "ingest")).endMetadata()
        .withNewSpec().addNewContainer().withName("worker").withImage("w").endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus().build()).create();
  }

  /** The ingest group's line of the session ledger: its client ids, one per line. */
  private static String ledger(String ns) {
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(SessionLedger.configMapName("fleet")).get();
    return cm == null || cm.getData() == null ? "" : cm.getData().getOrDefault("ingest", "");
  }

  private static java.util.List<Pod> adopters(String ns) {
    return client.pods().inNamespace(ns).withLabel(AdopterPods.ADOPTER_FOR, "ingest").list().getItems();
  }

  private static Integer orphaned(String ns) {
    RouteMQCluster c = get(ns, "fleet");
    return c.getStatus() == null || c.getStatus().getGroups() == null ? null : c.getStatus().getGroups().stream()
        .filter(g -> g.getName().equals("ingest")).findFirst().map(GroupStatus::getOrphanedSessions).orElse(null);
  }

  private static java.util.List<String> eventReasons(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream().map(Event::getReason).toList();
  }

  @Test
  @Order(100)
  void everyRequestTheOperatorMadeIsAllowedByTheCheckedInRbac() throws Exception {
    RbacRules rules = RbacRules.load(RbacRules.OPERATOR_RBAC);
    assertThat(kube.requests()).isNotEmpty();
    assertThat(rules.uncovered(kube.requests())).isEmpty();
    // And nothing more: every grant is used by these scenarios, or is listed here with the reason it is needed.
    assertThat(rules.unused(kube.requests())).as("grants no scenario of this class used").isEqualTo(Set.of(
        // Leader election (OperationIT checks each of these is used).
        "create coordination.k8s.io/leases", "get coordination.k8s.io/leases", "patch coordination.k8s.io/leases",
        "update coordination.k8s.io/leases",
        // Adopting a child that lost its managed-by label: it falls out of the informer's cache, so the operator
        // reads it by name and patches the label back (exercised above for a Deployment; same code for all kinds;
        // ConfigMaps are also read and patched by the session ledger, above).
        "get policy/poddisruptionbudgets", "get autoscaling/horizontalpodautoscalers",
        "patch policy/poddisruptionbudgets", "patch autoscaling/horizontalpodautoscalers",
        // Repairing a hand-edited PDB (exercised above for Deployments; same code for all kinds).
        "update policy/poddisruptionbudgets"));
  }
}
