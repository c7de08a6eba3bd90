package io.routemq.operator.validation;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private final SpecValidator validator = new SpecValidator(SpecValidator.BUILT_IN_HANDLERS);
  private static final Secret CREDS = new SecretBuilder().withNewMetadata().withName("mqtt-creds").endMetadata()
      .withData(Map.of("username", "dQ==", "password", "cA==")).build();

  private static Function<String, Optional<Secret>> only(Secret secret) {
    return name -> name.equals(secret.getMetadata().getName()) ? Optional.of(secret) : Optional.empty();
  }

  @Test
  void aCompleteSpecHasNoProblems() {
    RouteMQCluster c = cluster("t").credentials("mqtt-creds").group(fixed("g", 1)).build();
    assertThat(validator.validate(c, only(CREDS))).isEmpty();
  }

  @Test
  void aMissingCredentialsSecretIsReported() {
    RouteMQCluster c = cluster("t").credentials("nope").group(fixed("g", 1)).build();
    List<SpecProblem> problems = validator.validate(c, only(CREDS));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.reason()).isEqualTo(SpecProblem.SECRET_NOT_FOUND);
      assertThat(p.message()).contains("\"nope\"").contains("spec.broker.credentialsSecret");
    });
  }

  @Test
  void aSecretWithoutThePasswordKeyIsReported() {
    Secret partial = new SecretBuilder(CREDS).withData(Map.of("username", "dQ==")).build();
    RouteMQCluster c = cluster("t").credentials("mqtt-creds").group(fixed("g", 1)).build();
    assertThat(validator.validate(c, only(partial))).singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo(SpecProblem.SECRET_KEY_MISSING));
  }

  @Test
  void aHandlerTheImageDoesNotKnowIsReportedWithGroupAndRoute() {
    RouteMQCluster c = cluster("t").group(fixed("g", 1)).build();
    c.getSpec().getGroups().get(0).getRoutes().get(0).setHandler(new HandlerSpec("kafka-sink", null));
    assertThat(validator.validate(c, only(CREDS))).singleElement().satisfies(p -> {
      assertThat(p.reason()).isEqualTo(SpecProblem.UNKNOWN_HANDLER);
      assertThat(p.message()).contains("group g").contains("kafka-sink");
    });
  }

  @Test
  void aCustomImageDeclaresItsHandlersInAnAnnotation() {
    RouteMQCluster c = cluster("t").annotations(Map.of(SpecValidator.EXTRA_HANDLERS_ANNOTATION, "kafka-sink, s3"))
        .group(fixed("g", 1)).build();
    c.getSpec().getGroups().get(0).getRoutes().get(0).setHandler(new HandlerSpec("kafka-sink", null));
    assertThat(validator.validate(c, only(CREDS))).isEmpty();
  }

  @Test
  void anUnparsableBrokerUrlIsReported() {
    for (String url : List.of("tcp://bro ker:1883", "tcp://under_score:1883", "http://broker:1883", "tcp://broker:99999")) {
      RouteMQCluster c = cluster("t").brokerUrl(url).group(fixed("g", 1)).build();
      assertThat(validator.validate(c, only(CREDS))).as(url).singleElement()
          .satisfies(p -> assertThat(p.reason()).isEqualTo(SpecProblem.INVALID_BROKER_URL));
    }
  }

  @Test
  void plainAndTlsBrokerUrlsAreAccepted() {
    for (String url : List.of("tcp://broker.iot:1883", "mqtts://10.0.0.7", "ssl://broker:8883/")) {
      assertThat(SpecValidator.checkBrokerUrl(url)).as(url).isEmpty();
    }
  }

  @Test
  void aRouteTableThatFillsItsConfigMapExactlyIsAccepted() {
    RouteMQCluster c = withNote(cluster("t").group(fixed("g", 1)).build(), "");
    c = withNote(c, "x".repeat(RouteTableSize.CONFIG_MAP_LIMIT_BYTES - configMapBytes(c)));
    assertThat(configMapBytes(c)).isEqualTo(RouteTableSize.CONFIG_MAP_LIMIT_BYTES);
    assertThat(validator.validate(c, only(CREDS))).isEmpty();
  }

  @Test
  void aRouteTableOneByteOverItsConfigMapIsRejectedNamingWhatToShorten() {
    RouteMQCluster c = withNote(cluster("t").group(fixed("g", 1)).build(), "");
    c = withNote(c, "x".repeat(RouteTableSize.CONFIG_MAP_LIMIT_BYTES - configMapBytes(c) + 1));
    assertThat(validator.validate(c, only(CREDS))).singleElement().satisfies(p -> {
      assertThat(p.reason()).isEqualTo(SpecProblem.ROUTE_TABLE_TOO_LARGE);
      assertThat(p.message()).startsWith("group g: its route table is 1048577 bytes, over the 1048576 bytes")
          .contains("routes[0] handler config \"note\"")
          .contains("running workers keep their current route table");
    });
  }

  private static RouteMQCluster withNote(RouteMQCluster c, String note) {
    c.getSpec().getGroups().get(0).getRoutes().get(0).setHandler(new HandlerSpec("log", Map.of("note", note)));
    return c;
  }

  /** What the ConfigMap's data will weigh: key plus route-table JSON, in UTF-8 bytes. */
  private static int configMapBytes(RouteMQCluster c) {
    String json = RouteTableCodec.toJson(RouteTable.of(c, c.getSpec().getGroups().get(0)));
    return json.getBytes(StandardCharsets.UTF_8).length + WorkerContract.ROUTE_TABLE_FILE_NAME.length();
  }
}
