package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.routemq.crds.v1alpha1.CredentialsSecretRef;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.TlsSpec;
import io.routemq.e2e.fleet.DemoCluster;
import io.routemq.e2e.fleet.KubeletStandIn.PodView;
import io.routemq.e2e.fleet.LocalFleet;
import io.routemq.e2e.load.LoadProfile;
import io.routemq.e2e.load.LoadReport;
import io.routemq.e2e.load.LoadRun;
import io.routemq.worker.testing.SecureMosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * TLS and credentials for real: a Mosquitto with its own CA, client certificates required and a password file;
 * the workers get the CA, their client certificate and their login only from Secrets. A wrong CA leaves the
 * workers not ready without restarts; fixing the CA Secret rolls them. Then, under QoS 1 load with sequence
 * numbers, the credentials rotate: the broker gets the new user, the Secret is updated, the operator rolls the
 * workers, the old user is removed from the broker's password file, and nothing acknowledged is lost.
 */
class BrokerSecretsE2E {
  private static final String NS = "secrets";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String LOAD_USER = "load";

  @Test
  void aWrongCaIsReportedWithoutRestartsAndARotationUnderLoadLosesNothing() throws Exception {
    String loadPassword = SecureMosquitto.randomPassword();
    String oldPassword = SecureMosquitto.randomPassword();
    String newPassword = SecureMosquitto.randomPassword();
    Path dir = Path.of(System.getProperty("routemq.e2e.dumpDir", "target/e2e-dumps"), "broker-secrets")
        .toAbsolutePath();
    try (SecureMosquitto broker = SecureMosquitto.startOrSkip(true, LOAD_USER, loadPassword)) {
      broker.changePassword("worker-a", oldPassword);
      // A short re-check so the test measures the rollout, not the default 30 s wait for the next look.
      LocalFleet fleet = LocalFleet.start(LocalFleet.Options.fromSystemProperties(dir, NS,
          Map.of("ROUTEMQ_OPERATOR_SECRET_RECHECK", "5s")));
      try (fleet) {
        KubernetesClient kube = fleet.client();
        Path clientCert = broker.clientCertificate("worker-client");
        apply(kube, secret("broker-ca", Map.of("ca.crt", Files.readString(broker.foreignCa("not-the-brokers-ca")))));
        apply(kube, new SecretBuilder(secret("worker-tls", Map.of(
            "tls.crt", Files.readString(clientCert),
            "tls.key", Files.readString(clientCert.resolveSibling("worker-client.key")))))
            .withType("kubernetes.io/tls").build());
        apply(kube, secret("broker-login", Map.of("username", "worker-a", "password", oldPassword)));
        kube.resources(RouteMQCluster.class).inNamespace(NS).resource(cluster(broker.url())).create();

        // 1. The wrong CA: the workers start, stay not ready and are not restarted (liveness does not depend on the
        // broker); each says which CA file failed and which Secret to fix.
        await().atMost(WAIT).until(() -> pods(fleet).size() == 2);
        Thread.sleep(15_000);
        assertThat(pods(fleet)).as("not ready, never restarted").allSatisfy(p -> {
          assertThat(p.ready()).isFalse();
          assertThat(p.restarts()).isZero();
        });
        String workerLogs = logs(fleet);
        assertThat(workerLogs).contains("is not signed by a CA this worker trusts").contains("spec.broker.tls.caSecret");
        long handshakes = count(broker.broker().log(), "OpenSSL Error");
        assertThat(handshakes).as("TLS failures of 2 workers in ~15 s: backed off, not a storm").isLessThan(30);

        // 2. The right CA in the Secret: the operator rolls the workers, which connect with their client certificate.
        apply(kube, secret("broker-ca", Map.of("ca.crt", Files.readString(broker.caFile()))));
        await().atMost(WAIT).until(() -> readyNewPods(fleet, Set.of()) == 2);

        // 3. Rotation under load.
        Set<String> before = names(pods(fleet));
        try (LoadRun run = LoadRun.start(load(broker.url()), b -> b.sslConfig(broker.clientSsl("load-tester"))
            .simpleAuth().username(LOAD_USER).password(loadPassword.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth())) {
          await().atMost(WAIT).until(() -> run.received() > 500);
          broker.changePassword("worker-b", newPassword);
          long rotated = System.nanoTime();
          apply(kube, secret("broker-login", Map.of("username", "worker-b", "password", newPassword)));
          await().atMost(WAIT).until(() -> readyNewPods(fleet, before) == 2);
          double rolloutSeconds = (System.nanoTime() - rotated) / 1e9;
          // The old login goes only when the old workers are gone: Mosquitto re-checks connected clients when it
          // reloads the password file, and would cut a worker still draining.
          await().atMost(WAIT).until(() -> fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT).size() == 2);
          double goneSeconds = (System.nanoTime() - rotated) / 1e9;
          broker.removeUser("worker-a");
          LoadReport report = run.awaitReport();
          System.out.printf("rotation: Secret updated -> new workers all ready in %.1f s, old ones gone in %.1f s;"
              + " %s%n", rolloutSeconds, goneSeconds, report.summary());
          assertThat(report.lost()).as("acknowledged, never processed: " + report.summary() + "; missing "
              + run.missingRanges(20)).isZero();
          assertThat(report.duplicates()).as("redeliveries bounded by the in-flight windows").isLessThanOrEqualTo(40);
          assertThat(rolloutSeconds).as("the Secret's re-check (5 s) plus a rolling update").isLessThan(90);
        }
        String brokerLog = broker.broker().log();
        assertThat(count(brokerLog, "u'worker-b'")).as("the new workers logged in as the new user").isPositive();
        assertThat(pods(fleet)).allSatisfy(p -> assertThat(p.ready()).isTrue());
      } catch (Exception | Error e) {
        fleet.dumpLogs(dir.resolve("logs"));
        Files.writeString(dir.resolve("mosquitto.log"), broker.broker().log());
        throw e;
      }
    }
  }

  private static RouteMQCluster cluster(String url) {
    RouteMQCluster cluster = DemoCluster.load(NS, url);
    cluster.getSpec().setGroups(List.of(FleetFixture.fixedTelemetryGroup(2)));
    cluster.getSpec().getBroker().setCredentialsSecret(new CredentialsSecretRef("broker-login"));
    TlsSpec tls = new TlsSpec();
    tls.setCaSecret("broker-ca");
    tls.setClientCertSecret("worker-tls");
    cluster.getSpec().getBroker().setTls(tls);
    return cluster;
  }

  private static LoadRun.Spec load(String url) {
    return new LoadRun.Spec(url, DemoCluster.LOAD_TOPIC, 50, 1, new LoadProfile.Constant(100), Duration.ofSeconds(60),
        DemoCluster.OUTPUT_FILTER, 100, Duration.ofSeconds(60), null);
  }

  private static Secret secret(String name, Map<String, String> values) {
    Map<String, String> data = new java.util.HashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withData(data).build();
  }

  /** Creates the Secret, or replaces its data as a user rotating it would. */
  private static void apply(KubernetesClient kube, Secret secret) {
    var existing = kube.secrets().inNamespace(NS).withName(secret.getMetadata().getName());
    if (existing.get() == null) {
      kube.secrets().inNamespace(NS).resource(secret).create();
    } else {
      existing.edit(s -> {
        s.setData(secret.getData());
        return s;
      });
    }
  }

  private static List<PodView> pods(LocalFleet fleet) {
    return fleet.kubelet().pods(ClusterUnderTest.DEPLOYMENT).stream().filter(p -> !p.terminating()).toList();
  }

  private static Set<String> names(List<PodView> pods) {
    return pods.stream().map(PodView::name).collect(Collectors.toSet());
  }

  /** Ready pods not in {@code old}. */
  private static long readyNewPods(LocalFleet fleet, Set<String> old) {
    return pods(fleet).stream().filter(p -> p.ready() && !old.contains(p.name())).count();
  }

  private static String logs(LocalFleet fleet) throws Exception {
    StringBuilder all = new StringBuilder();
    for (Path log : fleet.kubelet().logFiles()) {
      all.append(Files.readString(log));
    }
    return all.toString();
  }

  private static long count(String text, String what) {
    return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
  }
}
