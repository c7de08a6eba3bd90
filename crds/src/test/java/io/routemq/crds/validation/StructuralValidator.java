package io.routemq.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates a value against a Kubernetes structural schema (the {@code openAPIV3Schema} of a CRD
 * version), with messages in the shape kube-apiserver uses ({@code <path>: <what is wrong>}).
 *
 * <p>Written by hand rather than with a JSON-Schema library because Kubernetes gives meaning to
 * keywords such libraries do not know: {@code x-kubernetes-int-or-string},
 * {@code x-kubernetes-preserve-unknown-fields}, {@code nullable}, and unknown fields being an error
 * (kubectl's default {@code --validate=strict}) rather than allowed. Patterns are RE2 searches, as
 * in Go's {@code regexp}: unanchored unless the pattern anchors itself.
 */
final class StructuralValidator {

  private final List<String> errors = new ArrayList<>();

  private StructuralValidator() {}

  /** Errors of {@code value} against {@code schema}; {@code path} names {@code value} in messages. */
  static List<String> validate(JsonNode value, JsonNode schema, String path) {
    StructuralValidator validator = new StructuralValidator();
    validator.walk(value, schema, path);
    return validator.errors;
  }

  /**
   * Fields {@code schema} does not declare, anywhere in {@code value}. kubectl asks for strict field validation,
   * and the API server's decoder refuses them (HTTP 400) even where it then drops the value, as status on create.
   */
  static List<String> unknownFields(JsonNode value, JsonNode schema, String path) {
    List<String> unknown = new ArrayList<>();
    findUnknownFields(value, schema, path, unknown);
    return unknown;
  }

  private static void findUnknownFields(JsonNode value, JsonNode schema, String path, List<String> unknown) {
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        findUnknownFields(value.get(i), schema.get("items"), path + "[" + i + "]", unknown);
      }
    }
    if (!value.isObject() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
      return;
    }
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = child(path, field.getKey());
      if (schema.path("properties").has(field.getKey())) {
        findUnknownFields(field.getValue(), schema.path("properties").get(field.getKey()), name, unknown);
      } else if (additional != null && additional.isObject()) {
        findUnknownFields(field.getValue(), additional, name, unknown);
      } else if (!(additional != null && additional.asBoolean())) {
        unknown.add(name + ": unknown field \"" + name + "\"");
      }
    }
  }

  private void walk(JsonNode value, JsonNode schema, String path) {
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean()) {
        errors.add(path + ": Invalid value: \"null\": " + path + " in body must be of type "
            + typeName(schema));
      }
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!(value.isIntegralNumber() || value.isTextual())) {
        errors.add(path + ": Invalid value: " + render(value) + ": " + path
            + " in body must be of type integer or string");
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      errors.add(path + ": Invalid value: \"" + jsonType(value) + "\": " + path
          + " in body must be of type " + type + ": \"" + jsonType(value) + "\"");
      return;
    }
    checkEnum(value, schema, path);
    if (value.isTextual()) {
      checkString(value.asText(), schema, path);
    } else if (value.isNumber()) {
      checkNumber(value, schema, path);
    } else if (value.isArray()) {
      checkArray(value, schema, path);
    } else if (value.isObject()) {
      checkObject(value, schema, path);
    }
  }

  private void checkEnum(JsonNode value, JsonNode schema, String path) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null) {
      return;
    }
    for (JsonNode candidate : allowed) {
      if (candidate.equals(value)) {
        return;
      }
    }
    List<String> names = new ArrayList<>();
    allowed.forEach(a -> names.add(render(a)));
    errors.add(path + ": Unsupported value: " + render(value) + ": supported values: "
        + String.join(", ", names));
  }

  private void checkString(String text, JsonNode schema, String path) {
    long length = text.codePointCount(0, text.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
      errors.add(path + ": Too long: may not be more than " + schema.get("maxLength").asLong()
          + " bytes");
    }
    if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
      errors.add(path + ": Invalid value: \"" + text + "\": " + path + " in body should be at least "
          + schema.get("minLength").asLong() + " chars long");
    }
    if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      if (!Pattern.compile(pattern).matcher(text).find()) {
        errors.add(path + ": Invalid value: \"" + text + "\": " + path + " in body should match '"
            + pattern + "'");
      }
    }
  }

  private void checkNumber(JsonNode value, JsonNode schema, String path) {
    double number = value.asDouble();
    if (schema.has("maximum")) {
      double max = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean();
      if (exclusive ? number >= max : number > max) {
        errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + formatBound(max));
      }
    }
    if (schema.has("minimum")) {
      double min = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean();
      if (exclusive ? number <= min : number < min) {
        errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + formatBound(min));
      }
    }
  }

  private void checkArray(JsonNode value, JsonNode schema, String path) {
    if (schema.has("maxItems") && value.size() > schema.get("maxItems").asLong()) {
      errors.add(path + ": Too many: " + value.size() + ": must have at most "
          + schema.get("maxItems").asLong() + " items");
    }
    if (schema.has("minItems") && value.size() < schema.get("minItems").asLong()) {
      errors.add(path + ": Invalid value: " + value.size() + ": " + path + " in body should have at least "
          + schema.get("minItems").asLong() + " items");
    }
    JsonNode items = schema.get("items");
    if (items != null) {
      for (int i = 0; i < value.size(); i++) {
        walk(value.get(i), items, path + "[" + i + "]");
      }
    }
  }

  private void checkObject(JsonNode value, JsonNode schema, String path) {
    if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asLong()) {
      errors.add(path + ": Too many: " + value.size() + ": must have at most "
          + schema.get("maxProperties").asLong() + " items");
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        errors.add(child(path, required.asText()) + ": Required value");
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (properties.has(name)) {
        walk(field.getValue(), properties.get(name), child(path, name));
      } else if (additional != null && additional.isObject()) {
        walk(field.getValue(), additional, child(path, name));
      } else if (!preserveUnknown && !(additional != null && additional.asBoolean())) {
        errors.add(child(path, name) + ": unknown field \"" + child(path, name) + "\"");
      }
    }
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "number" -> value.isNumber();
      case "integer" -> value.isIntegralNumber()
          || (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble()));
      default -> throw new IllegalArgumentException("not a structural schema type: " + type);
    };
  }

  private static String jsonType(JsonNode value) {
    if (value.isObject()) {
      return "object";
    } else if (value.isArray()) {
      return "array";
    } else if (value.isTextual()) {
      return "string";
    } else if (value.isBoolean()) {
      return "boolean";
    } else if (value.isIntegralNumber()) {
      return "integer";
    }
    return "number";
  }

  private static String typeName(JsonNode schema) {
    return schema.path("type").asText("any");
  }

  private static String render(JsonNode value) {
    return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
  }

  private static String formatBound(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }
}
