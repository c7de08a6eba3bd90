package io.routemq.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** The objects one kustomization renders to. Lookups return copies, so a test may edit what it compares. */
public record Rendered(Path folder, List<JsonNode> objects) {

  public JsonNode find(String kind, String name) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(name(o)))
        .findFirst().map(Rendered::copy)
        .orElseThrow(() -> new AssertionError(folder + " renders no " + kind + " " + name + "; it renders " + ids()));
  }

  public List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).map(Rendered::copy).toList();
  }

  /** A copy of every object. */
  public List<JsonNode> copies() {
    return objects.stream().map(Rendered::copy).toList();
  }

  /** "Kind name" of every object, for messages and for comparing what two kustomizations render. */
  public List<String> ids() {
    return objects.stream().map(o -> o.path("kind").asText() + " " + name(o)).toList();
  }

  private static JsonNode copy(JsonNode object) {
    return object.deepCopy();
  }

  public static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }
}
