package io.routemq.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether the API server stored an object as kubectl rendered it: every field rendered is stored with the same
 * value. What the server adds (defaults, uid, status, managed fields) is its own and ignored; numbers compare by
 * value, as the CRD file's "minimum: 1.0" is the 1 the server keeps.
 */
final class StoredAsRendered {

  private StoredAsRendered() {}

  /** Each rendered field the stored object lacks or holds differently, as "path: rendered … stored …". */
  static List<String> differences(JsonNode rendered, JsonNode stored) {
    List<String> differences = new ArrayList<>();
    compare(rendered, stored, "", differences);
    return differences;
  }

  private static void compare(JsonNode rendered, JsonNode stored, String path, List<String> differences) {
    if (rendered.isObject() && stored.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = rendered.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        compare(field.getValue(), stored.path(field.getKey()), path + "." + field.getKey(), differences);
      }
    } else if (rendered.isArray() && stored.isArray() && rendered.size() == stored.size()) {
      for (int i = 0; i < rendered.size(); i++) {
        compare(rendered.get(i), stored.get(i), path + "[" + i + "]", differences);
      }
    } else if (rendered.isNumber() && stored.isNumber()) {
      if (rendered.decimalValue().compareTo(stored.decimalValue()) != 0) {
        differences.add(path + ": rendered " + rendered + ", stored " + stored);
      }
    } else if (!rendered.equals(stored)) {
      differences.add(path + ": rendered " + rendered + ", stored " + (stored.isMissingNode() ? "nothing" : stored));
    }
  }
}
