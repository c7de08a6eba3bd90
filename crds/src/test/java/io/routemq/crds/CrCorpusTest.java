package io.routemq.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routemq.crds.validation.CelRuleReferences;
import io.routemq.crds.validation.CelRules;
import io.routemq.crds.validation.CrdValidator;
import io.routemq.crds.validation.KubectlYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every custom resource in the corpus gets the answer a real API server would give it with the
 * generated CRD installed: files under {@code cr-corpus/valid} are accepted, files under
 * {@code cr-corpus/invalid} are rejected with the message their first line names
 * ({@code # expect: <part of the message>}).
 */
class CrCorpusTest {

  /** The checkout: tests run in crds/. */
  private static final Path REPO = Path.of("..");

  private static CrdValidator validator;

  @BeforeAll
  static void loadCrd() {
    validator = CrdValidator.forGeneratedCrd();
  }

  static List<CrCorpus.Case> validResources() {
    return CrCorpus.valid(REPO);
  }

  static List<CrCorpus.Case> invalidResources() {
    return CrCorpus.invalid(REPO);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validResources")
  void acceptsValidResource(CrCorpus.Case resource) {
    assertThat(validator.validate(resource.file())).as("errors for %s", resource).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidResources")
  void rejectsInvalidResourceWithExpectedMessage(CrCorpus.Case resource) {
    List<String> errors = validator.validate(resource.file());

    assertThat(errors).as("errors for %s", resource)
        .anySatisfy(e -> assertThat(e).contains(resource.expectedMessage()));
  }

  @Test
  void corpusIsLargeEnoughToMeanSomething() {
    assertThat(invalidResources()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(validResources()).filteredOn(c -> c.name().startsWith("crds/")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(validResources()).filteredOn(c -> c.name().startsWith("deploy/samples/")).isNotEmpty();
  }

  @Test
  void statusIsCheckedOnlyThroughTheStatusSubresource() {
    ObjectNode cr = (ObjectNode) KubectlYaml.read("""
        apiVersion: routemq.io/v1alpha1
        kind: RouteMQCluster
        metadata: { name: s }
        spec:
          broker: { url: "tcp://broker:1883" }
          worker: { image: "routemq-worker:0.1.0" }
          groups: [ { name: main, routes: [ { topic: a, handler: { type: log } } ] } ]
        status:
          readyWorkers: 3
          workers: 3/4
          groups: [ { name: main, readyReplicas: 3, desiredReplicas: 4, arrivalRate: 12.5 } ]
        """);
    assertThat(validator.validateStatusUpdate(cr)).isEmpty();

    ((ObjectNode) cr.get("status")).put("readyWorkers", "three").put("workerz", "3/4");
    assertThat(validator.validateStatusUpdate(cr)).containsExactlyInAnyOrder(
        "status.readyWorkers: Invalid value: \"string\": status.readyWorkers in body must be of type integer: \"string\"",
        "status.workerz: unknown field \"status.workerz\"");
    // On create the API server drops status unchecked, after strict decoding refused its unknown fields.
    assertThat(validator.validate(cr)).containsExactly("status.workerz: unknown field \"status.workerz\"");

    ObjectNode status = cr.putObject("status");
    for (int i = 0; i < 101; i++) {
      status.withArray("scalingHistory").addObject().put("group", "main").put("from", i).put("to", i + 1);
    }
    assertThat(validator.validateStatusUpdate(cr))
        .containsExactly("status.scalingHistory: Too many: 101: must have at most 100 items");
  }

  @Test
  void everyCelRuleCompiles() {
    List<CelRules.Rule> rules = validator.rules();
    assertThat(rules).isNotEmpty();
    for (CelRules.Rule rule : rules) {
      assertThatCode(() -> CelRules.compile(rule.expression()))
          .as("rule at %s", rule.schemaPath())
          .doesNotThrowAnyException();
      assertThat(rule.message()).as("message of the rule at %s", rule.schemaPath()).isNotBlank();
    }
  }

  @Test
  void everyCelRuleNamesExistingFieldsAndIteratesOnlyBoundedOnes() {
    for (CelRules.Rule rule : validator.rules()) {
      assertThat(CelRuleReferences.problems(rule.expression(), rule.schema(), rule.schemaPath().isEmpty()))
          .as("rule at '%s': %s", rule.schemaPath(), rule.expression())
          .isEmpty();
    }
  }

  @Test
  void everyDefaultIsValidForItsField() {
    // The API server refuses a CRD whose defaults do not validate against their own schema.
    List<String> errors = new ArrayList<>();
    forEachProperty(validator.schema(), "", (path, schema) -> {
      if (schema.has("default")) {
        errors.addAll(CrdValidator.validateValue(schema.get("default"), schema, path));
      }
      return true;
    });
    assertThat(errors).isEmpty();
  }

  @Test
  void everyOwnFieldHasADescription() {
    List<String> undescribed = new ArrayList<>();
    forEachProperty(validator.schema(), "", (path, schema) -> {
      if (!path.equals("spec") && !path.equals("status") && schema.path("description").asText().isBlank()) {
        undescribed.add(path);
      }
      return !EMBEDDED_KUBERNETES_TYPES.contains(path);
    });
    assertThat(undescribed).as("fields without description (they become kubectl explain)").isEmpty();
  }

  @Test
  void embeddedKubernetesTypesListedHereExistInTheSchema() {
    List<String> paths = new ArrayList<>();
    forEachProperty(validator.schema(), "", (path, schema) -> paths.add(path));
    assertThat(paths).containsAll(EMBEDDED_KUBERNETES_TYPES);
  }

  /**
   * Fields typed with Kubernetes core types (io.fabric8...model): the field itself is ours and
   * described, what is inside comes from Kubernetes without descriptions.
   */
  private static final Set<String> EMBEDDED_KUBERNETES_TYPES = Set.of(
      "spec.worker.affinity",
      "spec.worker.tolerations",
      "spec.worker.resources",
      "spec.worker.env",
      "spec.worker.imagePullSecrets",
      "spec.groups[*].resources",
      "spec.groups[*].env",
      "status.conditions");

  /** Walks every property below {@code schema}; the visitor returns whether to descend. */
  private static void forEachProperty(JsonNode schema, String path, BiPredicate<String, JsonNode> visitor) {
    schema.path("properties").fields().forEachRemaining(property -> {
      String childPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
      if (visitor.test(childPath, property.getValue())) {
        forEachProperty(property.getValue(), childPath, visitor);
      }
    });
    if (schema.has("items")) {
      forEachProperty(schema.get("items"), path + "[*]", visitor);
    }
    if (schema.path("additionalProperties").isObject()) {
      forEachProperty(schema.get("additionalProperties"), path + "[*]", visitor);
    }
  }
}
