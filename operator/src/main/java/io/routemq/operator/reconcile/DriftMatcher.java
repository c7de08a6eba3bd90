package io.routemq.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an existing object still matches what the operator wants (pure).
 *
 * <p>Only fields the operator sets are compared: everything in the desired object must be present
 * and equal in the actual one, and lists must have the same length. Fields an API server defaults
 * (imagePullPolicy, protocol, revisionHistoryLimit, ...) and fields other controllers own (status,
 * an HPA's spec.replicas, which the desired object then leaves out) are therefore not drift.
 */
public final class DriftMatcher {

  private DriftMatcher() {}

  /** True when {@code actual} carries every label, annotation, owner reference and spec field of {@code desired}. */
  public static boolean matches(HasMetadata desired, HasMetadata actual) {
    if (!containsAll(desired.getMetadata().getLabels(), actual.getMetadata().getLabels())
        || !containsAll(desired.getMetadata().getAnnotations(), actual.getMetadata().getAnnotations())) {
      return false;
    }
    JsonNode want = Serialization.jsonMapper().valueToTree(desired);
    JsonNode have = Serialization.jsonMapper().valueToTree(actual);
    if (!subset(want.path("metadata").path("ownerReferences"), have.path("metadata").path("ownerReferences"))) {
      return false;
    }
    return subset(without(want, "metadata", "status", "apiVersion", "kind"), have);
  }

  private static JsonNode without(JsonNode node, String... fields) {
    ObjectNode copy = node.deepCopy();
    copy.remove(List.of(fields));
    return copy;
  }

  private static boolean containsAll(Map<String, String> want, Map<String, String> have) {
    if (want == null || want.isEmpty()) {
      return true;
    }
    if (have == null) {
      return false;
    }
    return want.entrySet().stream().allMatch(e -> Objects.equals(e.getValue(), have.get(e.getKey())));
  }

  static boolean subset(JsonNode want, JsonNode have) {
    if (want == null || want.isMissingNode() || want.isNull()) {
      return true;
    }
    if (have == null || have.isMissingNode() || have.isNull()) {
      return want.isContainerNode() && want.isEmpty();
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!subset(field.getValue(), have.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return false;
      }
      for (int i = 0; i < want.size(); i++) {
        if (!subset(want.get(i), have.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (want.equals(have)) {
      return true;
    }
    // An API server writes quantities in canonical form ("0.5" becomes "500m").
    return want.isTextual() && have.isTextual() && sameQuantity(want.asText(), have.asText());
  }

  private static boolean sameQuantity(String a, String b) {
    try {
      return Quantity.getAmountInBytes(new Quantity(a))
          .compareTo(Quantity.getAmountInBytes(new Quantity(b))) == 0;
    } catch (RuntimeException notAQuantity) {
      return false;
    }
  }
}
