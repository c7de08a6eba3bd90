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
    String quadratic = "self.free.split('/').all(l, self.free.split('/').filter(m, m == l).size() == 1)";
    assertThat(CelRuleReferences.problems("self.bounded.all(g, " + quadratic.replace("self.free", "g.name") + ")",
        schema(GROUPS), false))
        .anySatisfy(p -> assertThat(p).contains("holds another walk"));
    assertThat(CelRuleReferences.problems(
        "self.bounded.all(g, g.name.split('/').all(l, g.name.indexOf(l) == g.name.lastIndexOf(l)))",
        schema(GROUPS), false)).isEmpty();
  }

  @Test
  void reportsSizeDependentUseOfSplitLevels() throws Exception {
    String topic = "type: string\nmaxLength: 128\n";
    assertThat(CelRuleReferences.problems(
        "self.split('/').all(l, !l.startsWith('{') || self.indexOf(l.replace('...', '')) == 0)", schema(topic), false))
        .anySatisfy(p -> assertThat(p).startsWith("l.replace() on an element of a computed list"));
    // The first version of the unique-parameters rule: nested walk, and replace/== on levels.
    assertThat(CelRuleReferences.problems("self.split('/').all(l, !l.startsWith('{') || self.split('/').filter(m,"
        + " m.startsWith('{') && m.replace('...', '') == l.replace('...', '')).size() == 1)", schema(topic), false))
        .anySatisfy(p -> assertThat(p).contains("holds another walk"))
        .anySatisfy(p -> assertThat(p).startsWith("m.replace()"))
        .anySatisfy(p -> assertThat(p).startsWith("l.replace()"));
    assertThat(CelRuleReferences.problems("self.split('/').all(l, !self.contains(l))", schema(topic), false))
        .anySatisfy(p -> assertThat(p).startsWith("contains(l) is priced by the size of l"));
    assertThat(CelRuleReferences.problems("self.split('/').exists(l, l == self)", schema(topic), false))
        .anySatisfy(p -> assertThat(p).startsWith("comparing l"));
  }

  @Test
  void acceptsCheapUseOfSplitLevels() throws Exception {
    String topic = "type: string\nmaxLength: 128\n";
    assertThat(CelRuleReferences.problems(
        "self.split('/').all(l, !l.startsWith('{') || l == '+' || size(l) < 3"
            + " || self.indexOf(l) == self.lastIndexOf(l))", schema(topic), false)).isEmpty();
  }

  @Test
  void defaultOfTheWrongTypeIsReported() throws Exception {
    // The shape of the protocolVersion bug: a string field whose default YAML read as a number.
    assertThat(CrdValidator.validateValue(YAML.readTree("5"), schema("type: string"), "spec.broker.protocolVersion"))
        .singleElement().asString().contains("must be of type string");
  }
}
