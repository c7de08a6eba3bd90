package io.routemq.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CEL rule for the schema fields it names, and reports what a real API server would hold
 * against them but the test evaluator cannot see by itself:
 *
 * <ul>
 *   <li>a field path that does not exist in the schema (the server types {@code self} from the
 *       schema and refuses the rule; here {@code self} is {@code dyn}, so a misspelling would only
 *       surface when a CR happens to reach it);
 *   <li>a list the rule iterates without {@code maxItems}, or a string it matches, splits or
 *       measures without {@code maxLength}: the server's cost estimate then assumes the request-size
 *       limit and may refuse the CRD (BUILD-NOTES trap 10);
 *   <li>a walk over {@code split()} without a literal limit, or a walk over a computed list that holds another
 *       walk: both priced far over the budget once the rule runs for every route.
 * </ul>
 *
 * <p>A fast first check only: the real API server's estimate decides, and CrdOnApiServerIT (e2e-tests) applies
 * the CRD to one. This is a reading of the expression by regular expressions, good enough for the rule shapes
 * this project writes (field chains from {@code self}, comprehension variables over such chains);
 * values derived by calls, such as the levels of {@code self.split('/')}, are not followed.
 */
public final class CelRuleReferences {

  private static final Set<String> COSTLY_ON_RECEIVER =
      Set.of("all", "exists", "exists_one", "filter", "map", "matches", "split", "replace",
          "startsWith", "endsWith", "contains", "size", "indexOf", "lowerAscii", "upperAscii");
  private static final Pattern STRING_LITERAL = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern COMPREHENSION = Pattern.compile(
      "\\b([A-Za-z_]\\w*)((?:\\.[A-Za-z_]\\w*)*)\\.(all|exists|exists_one|filter|map)\\(\\s*([A-Za-z_]\\w*)\\s*,");
  private static final Pattern CHAIN = Pattern.compile("\\b([A-Za-z_]\\w*)((?:\\.[A-Za-z_]\\w*)+)(\\s*\\()?");
  private static final Pattern SIZE_CALL =
      Pattern.compile("\\bsize\\(\\s*([A-Za-z_]\\w*)((?:\\.[A-Za-z_]\\w*)*)\\s*\\)");

  private CelRuleReferences() {}

  /** Problems of {@code expression} attached at {@code nodeSchema}; empty when none. */
  public static List<String> problems(String expression, JsonNode nodeSchema, boolean atRoot) {
    String expr = STRING_LITERAL.matcher(expression).replaceAll("''");
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> variables = new HashMap<>();
    variables.put("self", nodeSchema);

    Matcher comprehension = COMPREHENSION.matcher(expr);
    while (comprehension.find()) {
      JsonNode base = variables.get(comprehension.group(1));
      if (base == null || isMetadata(atRoot, comprehension.group(1), comprehension.group(2))) {
        continue;
      }
      JsonNode list = resolve(base, comprehension.group(2), problems, comprehension.group(1) + comprehension.group(2));
      if (list != null && list.has("items")) {
        variables.put(comprehension.group(4), list.get("items"));
      }
    }

    Matcher chain = CHAIN.matcher(expr);
    while (chain.find()) {
      String variable = chain.group(1);
      JsonNode base = variables.get(variable);
      if (base == null || isMetadata(atRoot, variable, chain.group(2))) {
        continue;
      }
      String fields = chain.group(2);
      String method = null;
      if (chain.group(3) != null) {
        int last = fields.lastIndexOf('.');
        method = fields.substring(last + 1);
        fields = fields.substring(0, last);
      }
      JsonNode target = resolve(base, fields, problems, variable + fields);
      if (target != null && method != null && COSTLY_ON_RECEIVER.contains(method)) {
        requireBound(target, variable + fields, method, problems);
      }
    }

    Matcher size = SIZE_CALL.matcher(expr);
    while (size.find()) {
      JsonNode base = variables.get(size.group(1));
      if (base != null && !isMetadata(atRoot, size.group(1), size.group(2))) {
        JsonNode target = resolve(base, size.group(2), problems, size.group(1) + size.group(2));
        if (target != null) {
          requireBound(target, size.group(1) + size.group(2), "size", problems);
        }
      }
    }
    problems.addAll(nestedWalksOverDerivedLists(expr));
    return problems.stream().distinct().toList();
  }

  private static final Pattern ANY_COMPREHENSION = Pattern.compile("\\.(all|exists|exists_one|filter|map)\\(");

  /**
   * A comprehension over a computed list (such as {@code split('/')}, which the API server sizes
   * by the string's maxLength) that holds another comprehension: the server multiplies the two
   * sizes, and then the routes the rule runs on, and such a rule is far over its cost budget.
   */
  private static List<String> nestedWalksOverDerivedLists(String expr) {
    List<int[]> spans = new ArrayList<>(); // start of receiver end, open paren, close paren, derived?
    Matcher m = ANY_COMPREHENSION.matcher(expr);
    while (m.find()) {
      int open = m.end() - 1;
      int close = closingParen(expr, open);
      boolean derived = m.start() > 0 && expr.charAt(m.start() - 1) == ')';
      spans.add(new int[] {open, close, derived ? 1 : 0});
    }
    List<String> problems = new ArrayList<>(unlimitedSplitWalks(expr));
    for (int[] outer : spans) {
      for (int[] inner : spans) {
        boolean nested = inner != outer && inner[0] > outer[0] && inner[0] < outer[1];
        if (nested && outer[2] == 1) {
          problems.add("a walk over a computed list (e.g. split()) holds another walk: the estimated"
              + " cost multiplies; use string searches (indexOf, contains) or a pattern instead");
        }
      }
    }
    return problems;
  }

  private static final Pattern SPLIT_CALL = Pattern.compile("\\.split\\(");
  private static final Pattern LITERAL_LIMIT = Pattern.compile("''\\s*,\\s*\\d+\\s*");
  private static final Pattern WALK = Pattern.compile("\\.(all|exists|exists_one|filter|map)\\(");

  /**
   * A walk over {@code split()} without a literal limit. kube-apiserver sizes the list a split() returns by the
   * string's maxLength unless the limit is a literal, and prices the walk's body once per element: the first
   * unique-parameters rule ({@code self.split('/').all(...)} on a 128-character topic, run for 16 x 32 routes) was
   * refused at 3.0x its budget by a real API server, the same rule over {@code split('{', 33)} accepted.
   */
  private static List<String> unlimitedSplitWalks(String expr) {
    List<String> problems = new ArrayList<>();
    Matcher m = SPLIT_CALL.matcher(expr);
    while (m.find()) {
      int close = closingParen(expr, m.end() - 1);
      boolean walked = WALK.matcher(expr).region(Math.min(close + 1, expr.length()), expr.length()).lookingAt();
      if (walked && !LITERAL_LIMIT.matcher(expr.substring(m.end(), close)).matches()) {
        problems.add("a walk over split() without a literal limit: the API server sizes the list by the string's"
            + " maxLength; give split() the most pieces a valid value can have, e.g. split('{', 33)");
      }
    }
    return problems;
  }

  private static int closingParen(String expr, int open) {
    int depth = 0;
    for (int i = open; i < expr.length(); i++) {
      if (expr.charAt(i) == '(') {
        depth++;
      } else if (expr.charAt(i) == ')' && --depth == 0) {
        return i;
      }
    }
    return expr.length();
  }

  /** At the root, {@code self.metadata} is the API server's own, bounded by it (name ≤ 253). */
  private static boolean isMetadata(boolean atRoot, String variable, String fields) {
    return atRoot && variable.equals("self") && fields.startsWith(".metadata");
  }

  private static JsonNode resolve(JsonNode schema, String fields, List<String> problems, String context) {
    JsonNode current = schema;
    for (String field : fields.split("\\.")) {
      if (field.isEmpty()) {
        continue;
      }
      JsonNode next = current.path("properties").get(field);
      if (next == null && current.path("additionalProperties").isObject()) {
        return null; // a map lookup: the key is data, not schema
      }
      if (next == null) {
        problems.add("'" + context + "' names field '" + field + "', which the schema does not have");
        return null;
      }
      current = next;
    }
    return current;
  }

  private static void requireBound(JsonNode target, String what, String method, List<String> problems) {
    String type = target.path("type").asText();
    if (type.equals("array") && !target.has("maxItems")) {
      problems.add(what + " is a list used by " + method + "() but has no maxItems");
    } else if (type.equals("string") && !target.has("maxLength")) {
      problems.add(what + " is a string used by " + method + "() but has no maxLength");
    } else if (type.equals("object") && method.equals("size") && !target.has("maxProperties")) {
      problems.add(what + " is a map used by size() but has no maxProperties");
    }
  }
}
