package io.routemq.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates {@code x-kubernetes-validations} rules as kube-apiserver does: each rule at the node
 * it is attached to, {@code self} bound to that node, a rule on list items once per item, and no
 * evaluation where the node is absent. Values are handed to CEL typed by the schema (integer as
 * int, number as double even when written without a fraction), like the API server's own
 * conversion.
 *
 * <p>Limits of this stand-in: {@code self} is declared {@code dyn}, so a misspelt field name is an
 * evaluation error here but a compile error on a real server; and the server's cost estimate is not
 * computed (the corpus test checks the bounds that keep it low instead). Of Kubernetes' own CEL libraries only
 * {@code <list>.sum()} is provided (integers, as the rules here use it; the API server also sums doubles and
 * durations).
 */
public final class CelRules {

  private static final String SUM = "list_sum";

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("sum",
              CelOverloadDecl.newMemberOverload(SUM, SimpleType.DYN, ListType.create(SimpleType.DYN))))
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings())
          .addFunctionBindings(CelFunctionBinding.from(SUM, List.class, CelRules::sum))
          .build();

  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {}

  /** Kubernetes' {@code sum()} of a list of integers: 0 for an empty list, as the API server's. */
  private static Object sum(List<?> list) throws CelEvaluationException {
    long total = 0;
    for (Object item : list) {
      if (!(item instanceof Long value)) {
        throw new IllegalArgumentException("sum() of a non-integer: " + item);
      }
      total = Math.addExact(total, value);
    }
    return total;
  }

  /** A rule as written in the CRD, with the schema path of the node it is attached to. */
  public record Rule(String schemaPath, JsonNode schema, String expression, String message) {}

  /**
   * Compiles {@code expression} the way the API server must before it accepts the CRD.
   *
   * @throws IllegalArgumentException with the compiler's message when it does not compile or
   *     cannot yield a bool
   */
  public static CelRuntime.Program compile(String expression) {
    return PROGRAMS.computeIfAbsent(expression, CelRules::compileUncached);
  }

  private static CelRuntime.Program compileUncached(String expression) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      if (ast.getResultType() != SimpleType.BOOL && ast.getResultType() != SimpleType.DYN) {
        throw new IllegalArgumentException("rule must evaluate to bool, not " + ast.getResultType()
            + ": " + expression);
      }
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("rule does not compile: " + expression + "\n" + e.getMessage(), e);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException("rule cannot be planned: " + expression, e);
    }
  }

  /** Every rule in {@code schema}, depth first, with the path of the node it sits on. */
  public static List<Rule> collect(JsonNode schema, String path) {
    List<Rule> rules = new ArrayList<>();
    collect(schema, path, rules);
    return rules;
  }

  private static void collect(JsonNode schema, String path, List<Rule> rules) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      rules.add(new Rule(path, schema, rule.path("rule").asText(), rule.path("message").asText()));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      collect(property.getValue(), StructuralValidator.child(path, property.getKey()), rules);
    }
    if (schema.has("items")) {
      collect(schema.get("items"), path + "[*]", rules);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(schema.get("additionalProperties"), path + "[*]", rules);
    }
  }

  /** Failures of the rules in {@code schema} over {@code value}: {@code <path>: <rule message>}. */
  static List<String> evaluate(JsonNode value, JsonNode schema, String path) {
    List<String> errors = new ArrayList<>();
    evaluate(value, schema, path, errors);
    return errors;
  }

  private static void evaluate(JsonNode value, JsonNode schema, String path, List<String> errors) {
    if (value == null || value.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      String message = rule.path("message").asText("failed rule: " + expression);
      try {
        Object result = compile(expression).eval(Map.of("self", toCel(value, schema)));
        if (!Boolean.TRUE.equals(result)) {
          errors.add(invalid(path, value) + message);
        }
      } catch (CelEvaluationException e) {
        errors.add(invalid(path, value) + "rule evaluation error: "
            + e.getMessage() + " (rule: " + expression + ")");
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode propSchema = properties.get(field.getKey());
        if (propSchema != null) {
          evaluate(field.getValue(), propSchema, StructuralValidator.child(path, field.getKey()), errors);
        } else if (schema.path("additionalProperties").isObject()) {
          evaluate(field.getValue(), schema.get("additionalProperties"), StructuralValidator.child(path, field.getKey()),
              errors);
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        evaluate(value.get(i), schema.get("items"), path + "[" + i + "]", errors);
      }
    }
  }

  /** The CEL value of a JSON value, typed by its schema where the schema says more than JSON. */
  static Object toCel(JsonNode value, JsonNode schema) {
    if (value == null || value.isNull()) {
      return NullValue.NULL_VALUE;
    }
    JsonNode s = schema == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : schema;
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode propSchema = s.path("properties").get(field.getKey());
        if (propSchema == null && s.path("additionalProperties").isObject()) {
          propSchema = s.get("additionalProperties");
        }
        map.put(field.getKey(), toCel(field.getValue(), propSchema));
      }
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(toCel(item, s.get("items"))));
      return list;
    }
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if ("number".equals(s.path("type").asText()) || value.isFloatingPointNumber()) {
      return value.asDouble();
    }
    return value.asLong();
  }

  /**
   * How kube-apiserver 1.37 starts a rule's error: the field ({@code <nil>} for the root), and the value only for a
   * scalar (a string quoted, as Go's %#v prints it).
   */
  private static String invalid(String path, JsonNode value) {
    String field = path.isEmpty() ? "<nil>" : path;
    if (value.isContainerNode()) {
      return field + ": Invalid value: ";
    }
    return field + ": Invalid value: " + (value.isTextual() ? "\"" + value.asText() + "\"" : value.toString()) + ": ";
  }
}
