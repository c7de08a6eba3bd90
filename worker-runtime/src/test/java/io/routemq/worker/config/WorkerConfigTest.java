package io.routemq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.v1alpha1.DrainMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {
  @TempDir Path dir;

  private Path table() throws Exception {
    RouteTable t = new RouteTable(1, "c", "ns", "g", true, "c-g", 8,
        List.of(new RouteTable.Route("a/{x}", 1, "log", Map.of())),
        new RouteTable.FailurePolicy(3, 100, 1000, "dead"), 20);
    Path file = dir.resolve("routes.json");
    Files.writeString(file, RouteTableCodec.toJson(t));
    return file;
  }

  @Test
  void readsTheOperatorsEnvironment() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "s3cret\n");
    WorkerConfig c = WorkerConfig.fromEnv(Map.of(
        "ROUTEMQ_ROUTE_TABLE", table().toString(),
        "ROUTEMQ_BROKER_URL", "tcp://broker:1883",
        "ROUTEMQ_USERNAME", "alice",
        "ROUTEMQ_PASSWORD_FILE", password.toString(),
        "ROUTEMQ_CLIENT_ID", "pod-1",
        "ROUTEMQ_MQTT_VERSION", "3.1.1"));
    assertThat(c.routeTable().group()).isEqualTo("g");
    assertThat(c.broker().host()).isEqualTo("broker");
    assertThat(c.username()).contains("alice");
    assertThat(c.password()).contains("s3cret");
    assertThat(c.clientId()).isEqualTo("pod-1");
    assertThat(c.mqttVersion()).isEqualTo("3.1.1");
    assertThat(c.tls()).isEmpty();
    assertThat(c.drainMode()).as("the default").isEqualTo(DrainMode.Unsubscribe);
    assertThat(c.idleResubscribeSeconds()).as("the default").isEqualTo(5);
  }

  @Test
  void idleResubscribeIsSecondsOrOff() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(Map.of("ROUTEMQ_ROUTE_TABLE", table().toString(),
        "ROUTEMQ_BROKER_URL", "tcp://broker:1883", "ROUTEMQ_IDLE_RESUBSCRIBE_SECONDS", "0"));
    assertThat(WorkerConfig.fromEnv(env).idleResubscribeSeconds()).isZero();
    env.put("ROUTEMQ_IDLE_RESUBSCRIBE_SECONDS", "-1");
    assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
        .hasMessageContaining("ROUTEMQ_IDLE_RESUBSCRIBE_SECONDS must be 0 (off) or more seconds, not -1");
    env.put("ROUTEMQ_IDLE_RESUBSCRIBE_SECONDS", "soon");
    assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
        .hasMessageContaining("ROUTEMQ_IDLE_RESUBSCRIBE_SECONDS must be a number of seconds (0: off), not soon");
  }

  @Test
  void handoverNeedsMqtt5() throws Exception {
    Map<String, String> env = Map.of("ROUTEMQ_ROUTE_TABLE", table().toString(),
        "ROUTEMQ_BROKER_URL", "tcp://broker:1883", "ROUTEMQ_DRAIN_MODE", "handover");
    assertThat(WorkerConfig.fromEnv(env).drainMode()).isEqualTo(DrainMode.Handover);
    Map<String, String> v3 = new java.util.HashMap<>(env);
    v3.put("ROUTEMQ_MQTT_VERSION", "3.1.1");
    assertThatThrownBy(() -> WorkerConfig.fromEnv(v3)).hasMessageContaining("ROUTEMQ_DRAIN_MODE handover needs MQTT 5");
    v3.put("ROUTEMQ_DRAIN_MODE", "drop");
    assertThatThrownBy(() -> WorkerConfig.fromEnv(v3))
        .hasMessageContaining("ROUTEMQ_DRAIN_MODE must be unsubscribe or handover, not drop");
  }

  @Test
  void everyProblemIsReportedAtOnceWithWhatToSet() {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("ROUTEMQ_MQTT_VERSION", "4", "ROUTEMQ_KEEP_ALIVE_SECONDS", "x")))
        .isInstanceOf(WorkerConfig.InvalidConfigException.class)
        .hasMessageContaining("ROUTEMQ_ROUTE_TABLE is not set")
        .hasMessageContaining("ROUTEMQ_BROKER_URL is not set")
        .hasMessageContaining("ROUTEMQ_MQTT_VERSION must be 5 or 3.1.1")
        .hasMessageContaining("ROUTEMQ_KEEP_ALIVE_SECONDS must be a number");
  }

  @Test
  void aTlsUrlTurnsTlsOnAndMissingFilesAreNamed() throws Exception {
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("ROUTEMQ_ROUTE_TABLE", table().toString(),
        "ROUTEMQ_BROKER_URL", "ssl://broker:8883", "ROUTEMQ_TLS_CA_FILE", "/nonexistent/ca.pem")))
        .hasMessageContaining("ROUTEMQ_TLS_CA_FILE names /nonexistent/ca.pem");
    WorkerConfig c = WorkerConfig.fromEnv(Map.of("ROUTEMQ_ROUTE_TABLE", table().toString(),
        "ROUTEMQ_BROKER_URL", "ssl://broker:8883", "ROUTEMQ_TLS_VERIFY_HOSTNAME", "false"));
    assertThat(c.tls()).hasValueSatisfying(t -> assertThat(t.verifyHostname()).isFalse());
  }

  @Test
  void anUnreadableRouteTableIsNamed() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{not json");
    assertThatThrownBy(() -> WorkerConfig.fromEnv(Map.of("ROUTEMQ_ROUTE_TABLE", bad.toString(),
        "ROUTEMQ_BROKER_URL", "tcp://b:1883"))).hasMessageContaining(bad.toString());
  }
}
