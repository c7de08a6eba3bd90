package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** A rendered object is stored as rendered when every rendered field is stored with its value, and only then. */
class StoredAsRenderedTest {
  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
  private static final JsonNode RENDERED =
      json("{'spec': {'replicas': 2, 'minimum': 1.0, 'ports': [{'name': 'http', 'port': 8080}]}}");

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Test
  void whatTheServerAddsIsIgnoredAndNumbersCompareByValue() {
    JsonNode stored = json("{'metadata': {'uid': 'u'}, 'spec': {'replicas': 2, 'minimum': 1, 'paused': false,"
        + " 'ports': [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}]}, 'status': {}}");

    assertThat(StoredAsRendered.differences(RENDERED, stored)).isEmpty();
  }

  @Test
  void aChangedOrMissingFieldIsADifference() {
    JsonNode stored = json("{'spec': {'replicas': 3, 'ports': [{'name': 'metrics', 'port': 8080}]}}");

    assertThat(StoredAsRendered.differences(RENDERED, stored)).containsExactly(
        ".spec.replicas: rendered 2, stored 3",
        ".spec.minimum: rendered 1.0, stored nothing",
        ".spec.ports[0].name: rendered \"http\", stored \"metrics\"");
  }

  @Test
  void aListOfAnotherLengthIsADifference() {
    JsonNode stored = json("{'spec': {'replicas': 2, 'minimum': 1, 'ports': []}}");

    assertThat(StoredAsRendered.differences(RENDERED, stored)).singleElement().asString()
        .startsWith(".spec.ports: rendered [");
  }
}
