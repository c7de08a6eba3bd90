package io.routemq.worker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HandlerCatalogTest {
  private final HandlerCatalog catalog = HandlerCatalog.load(Optional.empty());

  private static MessageContext message(String topic, Map<String, String> params) {
    return new MessageContext(topic, "p", params, "hi".getBytes(StandardCharsets.UTF_8), 1,
        Map.of("trace", "t1"), Optional.empty(), Optional.empty(), 1);
  }

  @Test
  void builtInsAreFoundByName() {
    assertThat(catalog.types()).contains("log", "noop", "republish", "http");
  }

  @Test
  void anUnknownHandlerNamesWhatTheImageHas() {
    assertThatThrownBy(() -> catalog.create("kafka", Map.of(), HandlerCatalog.NO_SERVICES))
        .hasMessageContaining("no handler named kafka").hasMessageContaining("republish");
  }

  @Test
  void republishFillsTheTopicTemplateFromParamsAndCarriesUserProperties() throws Exception {
    List<String> topics = new CopyOnWriteArrayList<>();
    List<Map<String, String>> props = new CopyOnWriteArrayList<>();
    HandlerServices services = (topic, payload, qos, retain, userProperties) -> {
      topics.add(topic + " qos" + qos + " retain=" + retain);
      props.add(userProperties);
      return CompletableFuture.completedFuture(null);
    };
    MessageHandler h = catalog.create("republish", Map.of("topic", "out/{id}/x", "qos", "0", "retain", "true"),
        services);
    h.handle(message("in/7", Map.of("id", "7"))).toCompletableFuture().get();
    assertThat(topics).containsExactly("out/7/x qos0 retain=true");
    assertThat(props.get(0)).containsEntry("trace", "t1").containsEntry("routemq-source-topic", "in/7");
  }

  @Test
  void republishRefusesUnusableSettingsAndUncapturedPlaceholders() throws Exception {
    assertThatThrownBy(() -> catalog.create("republish", Map.of(), HandlerCatalog.NO_SERVICES))
        .hasMessageContaining("config.topic");
    MessageHandler h = catalog.create("republish", Map.of("topic", "out/{missing}"),
        (t, p, q, r, u) -> CompletableFuture.completedFuture(null));
    assertThatThrownBy(() -> h.handle(message("in/7", Map.of("id", "7")))).hasMessageContaining("{missing}");
  }

  @Test
  void httpNeedsAnHttpUrl() {
    assertThatThrownBy(() -> catalog.create("http", Map.of("url", "ftp://x"), HandlerCatalog.NO_SERVICES))
        .hasMessageContaining("http:// or https://");
  }

  @Test
  void workMillisMustNotBeNegative() {
    assertThatThrownBy(() -> catalog.create("noop", Map.of("workMillis", "-1"), HandlerCatalog.NO_SERVICES))
        .hasMessageContaining("workMillis");
    assertThat(catalog.create("noop", Map.of("workMillis", "0"), HandlerCatalog.NO_SERVICES)).isNotNull();
  }
}
