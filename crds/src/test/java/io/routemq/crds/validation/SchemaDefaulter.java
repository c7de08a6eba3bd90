package io.routemq.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies a structural schema's {@code default}s the way kube-apiserver does on create and update:
 * a property that is absent (or null while not nullable) gets its default, then every present
 * value, including a freshly defaulted one, is walked for its own nested defaults. This happens
 * before schema validation and before the CEL rules run, so a rule may rely on defaulted fields.
 */
final class SchemaDefaulter {

  private SchemaDefaulter() {}

  static void apply(JsonNode value, JsonNode schema) {
    if (value == null || schema == null || schema.isMissingNode()) {
      return;
    }
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        JsonNode propSchema = property.getValue();
        JsonNode current = object.get(property.getKey());
        boolean absent = current == null || (current.isNull() && !propSchema.path("nullable").asBoolean());
        if (absent && propSchema.has("default")) {
          object.set(property.getKey(), propSchema.get("default").deepCopy());
        }
      }
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode propSchema = properties.get(name);
        if (propSchema == null) {
          propSchema = schema.get("additionalProperties");
        }
        if (propSchema != null && propSchema.isObject()) {
          apply(object.get(name), propSchema);
        }
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      for (JsonNode item : array) {
        apply(item, schema.get("items"));
      }
    }
  }
}
