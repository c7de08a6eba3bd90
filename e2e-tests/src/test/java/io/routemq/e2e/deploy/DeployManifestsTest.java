package io.routemq.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything under deploy/ is what a platform team commits to GitOps: every YAML file parses, and every Kubernetes
 * object in it, and in what each kustomization renders, is one the Fabric8 model knows, without unknown fields.
 */
class DeployManifestsTest {

  static final Path DEPLOY = Path.of(System.getProperty("routemq.crd.file")).getParent().getParent().normalize();
  /** Documents that are tool configuration, not Kubernetes objects. */
  private static final Set<String> NOT_KUBERNETES_OBJECTS = Set.of("Kustomization", "Cluster");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
      assertThat(list).as("YAML files under %s", DEPLOY).isNotEmpty();
      return list.stream();
    }
  }

  static List<JsonNode> documents(Path file) throws IOException {
    return documents(Files.readString(file));
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
        if (d != null && !d.isNull() && !d.isEmpty()) {
          docs.add(d);
        }
      });
    }
    return docs;
  }

  static Stream<Path> kustomizations() throws IOException {
    return Kustomize.folders().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("yamlFiles")
  void everyObjectIsAKnownKubernetesTypeWithoutUnknownFields(Path file) throws IOException {
    List<JsonNode> docs = documents(file);
    assertThat(docs).as("%s holds no YAML document", file).isNotEmpty();
    for (JsonNode doc : docs) {
      assertKnownObject(doc, file.toString());
    }
  }

  /** Also as rendered: a patch (say a JSON patch inside a kustomization.yaml) can bring in a misspelled field. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void everyRenderedObjectIsAKnownKubernetesTypeWithoutUnknownFields(Path kustomization) {
    for (JsonNode object : Kustomize.render(kustomization).objects()) {
      assertKnownObject(object, "kubectl kustomize " + kustomization);
    }
  }

  private static void assertKnownObject(JsonNode doc, String where) {
    String kind = doc.path("kind").asText();
    assertThat(kind).as("a document in %s has no kind", where).isNotEmpty();
    if (NOT_KUBERNETES_OBJECTS.contains(kind)) {
      return;
    }
    if (doc.path("apiVersion").asText().startsWith(PrometheusOperatorObjects.GROUP + "/")) {
      assertThat(PrometheusOperatorObjects.problems(doc)).as("%s in %s", kind, where).isEmpty();
      return;
    }
    assertThat(doc.path("apiVersion").asText()).as("apiVersion of %s in %s", kind, where).isNotEmpty();
    KubernetesResource object = RouteMQCluster.class.getSimpleName().equals(kind)
        ? Serialization.unmarshal(doc.toString(), RouteMQCluster.class)
        : Serialization.unmarshal(doc.toString(), KubernetesResource.class);
    assertThat(object).as("%s in %s is not a type the Fabric8 model knows", kind, where)
        .isInstanceOf(HasMetadata.class);
    assertThat(UnknownFieldFinder.find(object)).as("unknown fields of %s in %s", kind, where).isEmpty();
  }
}
