package io.routemq.crds.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** The rule reader behind the corpus test's field and cost-bound checks catches what it claims to. */
class CelRuleReferencesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode schema(String yaml) throws Exception {
    return YAML.readTree(yaml);
  }

  private static final String GROUPS = """
      type: object
      properties:
        bounded:
          type: array
          maxItems: 4
          items:
            type: object
            properties:
              name: { type: string, maxLength: 10 }
              free: { type: string }
        unbounded:
          type: array
          items: { type: string }
        labels:
          type: object
          additionalProperties: { type: string }
      """;
  private static final String TOPIC = "type: string\nmaxLength: 128\n";

  @Test
  void acceptsBoundedIterationOverExistingFields() throws Exception {
    assertThat(CelRuleReferences.problems(
        "self.bounded.all(g, size(g.name) < 5 && g.name.matches('^a') && 'x' in self.labels)",
        schema(GROUPS), false)).isEmpty();
  }

  @Test
  void reportsMisspeltField() throws Exception {
    assertThat(CelRuleReferences.problems("self.bounded.all(g, g.nmae == 'a')", schema(GROUPS), false))
        .singleElement().asString().contains("names field 'nmae'");
  }

  @Test
  void reportsListWithoutMaxItems() throws Exception {
    assertThat(CelRuleReferences.problems("self.unbounded.all(s, s != 'a')", schema(GROUPS), false))
        .singleElement().asString().contains("self.unbounded is a list used by all() but has no maxItems");
  }

  @Test
  void reportsStringWithoutMaxLengthReachedThroughAComprehensionVariable() throws Exception {
    assertThat(CelRuleReferences.problems("self.bounded.all(g, !g.free.matches('[+]'))", schema(GROUPS), false))
        .singleElement().asString().contains("g.free is a string used by matches() but has no maxLength");
  }

  @Test
  void ignoresWordsInsideStringLiterals() throws Exception {
    assertThat(CelRuleReferences.problems("self.bounded.all(g, g.name != 'self.nothing.here')",
        schema(GROUPS), false)).isEmpty();
  }

  @Test
  void leavesRootMetadataToTheApiServer() throws Exception {
    assertThat(CelRuleReferences.problems("size(self.metadata.name) < 10", schema(GROUPS), true)).isEmpty();
    assertThat(CelRuleReferences.problems("size(self.metadata.name) < 10", schema(GROUPS), false))
        .singleElement().asString().contains("names field 'metadata'");
  }

  @Test
  void reportsNestedWalkOverSplitLevels() throws Exception {
    String quadratic = "self.free.split('/', 9).all(l, self.free.split('/', 9).filter(m, m == l).size() == 1)";
    assertThat(CelRuleReferences.problems("self.bounded.all(g, " + quadratic.replace("self.free", "g.name") + ")",
        schema(GROUPS), false))
        .anySatisfy(p -> assertThat(p).contains("holds another walk"));
    assertThat(CelRuleReferences.problems(
        "self.bounded.all(g, g.name.split('/', 9).all(l, g.name.indexOf(l) == g.name.lastIndexOf(l)))",
        schema(GROUPS), false)).isEmpty();
  }

  @Test
  void reportsWalkOverSplitWithoutLiteralLimit() throws Exception {
    // The unique-parameters rule kube-apiserver 1.37 refused at 3.0x its cost budget.
    assertThat(CelRuleReferences.problems(
        "self.split('/').all(l, !l.startsWith('{') || self.indexOf(l) == self.lastIndexOf(l))", schema(TOPIC), false))
        .singleElement().asString().startsWith("a walk over split() without a literal limit");
    assertThat(CelRuleReferences.problems("self.split('/', size(self)).exists(l, l == 'x')", schema(TOPIC), false))
        .singleElement().asString().startsWith("a walk over split() without a literal limit");
  }

  @Test
  void acceptsWalkOverSplitWithLiteralLimit() throws Exception {
    // The rule that replaced it, which the same API server accepts: calls on a piece are priced, not refused.
    assertThat(CelRuleReferences.problems("self.split('{', 33).all(p, !p.contains('}')"
        + " || self.indexOf('{' + p.substring(0, p.indexOf('}') + 1)) == 0)", schema(TOPIC), false)).isEmpty();
  }

  @Test
  void defaultOfTheWrongTypeIsReported() throws Exception {
    // The shape of the protocolVersion bug: a string field whose default YAML read as a number.
    assertThat(CrdValidator.validateValue(YAML.readTree("5"), schema("type: string"), "spec.broker.protocolVersion"))
        .singleElement().asString().contains("must be of type string");
  }
}
