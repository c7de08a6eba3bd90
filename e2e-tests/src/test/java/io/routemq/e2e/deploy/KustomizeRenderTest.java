package io.routemq.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization under deploy/ renders with the real kubectl, and deploy/ and deploy/kind render what they are
 * for. The namespaced overlay is checked by {@link RbacOverlayTest}, deploy/monitoring by {@link MonitoringTest}.
 */
class KustomizeRenderTest {
  private static final Path KIND_UP = DeployManifestsTest.DEPLOY.resolve("kind/up.sh");
  /** Numbers compare by value: kustomize writes the CRD file's "minimum: 1.0" as 1, the same number to the API. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
      ? a.decimalValue().compareTo(b.decimalValue())
      : a.equals(b) ? 0 : 1;
  private static final Comparator<JsonNode> SAME_VALUES = (a, b) -> a.equals(NUMBERS_BY_VALUE, b) ? 0 : 1;

  static Stream<Path> kustomizations() throws IOException {
    return Kustomize.folders().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void rendersWithTheRealKubectl(Path folder) {
    Rendered rendered = Kustomize.render(folder);
    assertThat(rendered.objects()).as("objects rendered from %s", folder).isNotEmpty();
    for (JsonNode object : rendered.objects()) {
      assertThat(object.path("apiVersion").asText()).as("apiVersion of %s", object).isNotEmpty();
      assertThat(object.path("kind").asText()).as("kind of %s", object).isNotEmpty();
      assertThat(Rendered.name(object)).as("name of %s", object).isNotEmpty();
    }
  }

  @Test
  void theRootIsTheCrdAndTheClusterWideOperator() throws IOException {
    List<JsonNode> expected = new ArrayList<>(Kustomize.render("operator").copies());
    expected.addAll(DeployManifestsTest.documents(Path.of(System.getProperty("routemq.crd.file"))));
    Rendered root = Kustomize.render("");
    assertThat(root.ids()).containsExactlyInAnyOrderElementsOf(new Rendered(root.folder(), expected).ids());
    assertThat(root.objects()).usingElementComparator(SAME_VALUES).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theOperatorIsBoundToItsClusterRoleEverywhere() {
    Rendered operator = Kustomize.render("operator");
    JsonNode deployment = OperatorDeployment.in(operator);
    JsonNode binding = operator.find("ClusterRoleBinding", OperatorDeployment.NAME);
    assertThat(binding.at("/roleRef/kind").asText() + " " + binding.at("/roleRef/name").asText())
        .isEqualTo("ClusterRole " + Rendered.name(operator.find("ClusterRole", OperatorDeployment.NAME)));
    assertThat(binding.at("/subjects/0/name").asText())
        .isEqualTo(deployment.at("/spec/template/spec/serviceAccountName").asText());
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(deployment.at("/metadata/namespace").asText());
  }

  @Test
  void kindRunsTheOperatorImageUpShBuildsAndLoads() throws IOException {
    String script = Files.readString(KIND_UP);
    Matcher build = Pattern.compile("docker build .*-f deploy/images/operator\\.Dockerfile -t (\\S+)").matcher(script);
    assertThat(build.find()).as("%s builds the operator image", KIND_UP).isTrue();
    String image = build.group(1);
    assertThat(script).as("%s loads %s into Kind", KIND_UP, image)
        .containsPattern("kind load docker-image .*" + Pattern.quote(image));

    ObjectNode container = OperatorDeployment.container(OperatorDeployment.in(Kustomize.render("kind")));
    assertThat(container.path("image").asText()).isEqualTo(image);
    // A locally loaded image exists on no registry: the kubelet must not try to pull it.
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
  }

  @Test
  void kindIsTheOperatorWithOnlyItsImageChanged() {
    assertThat(withoutImage(Kustomize.render("kind").copies()))
        .containsExactlyInAnyOrderElementsOf(withoutImage(Kustomize.render("operator").copies()));
  }

  @Test
  void upShAppliesTheCrdBeforeTheKindKustomization() throws IOException {
    // deploy/kind cannot hold the CRD (see its kustomization.yaml), so up.sh applies it first.
    assertThat(Kustomize.render("kind").ofKind("CustomResourceDefinition")).isEmpty();
    String script = Files.readString(KIND_UP);
    int crd = script.indexOf("kubectl apply -f deploy/crds/");
    assertThat(crd).as("%s applies deploy/crds/", KIND_UP).isNotNegative();
    assertThat(script.indexOf("kubectl apply -k deploy/kind/")).as("%s applies deploy/kind/ after the CRD", KIND_UP)
        .isGreaterThan(crd);
  }

  private static List<JsonNode> withoutImage(List<JsonNode> objects) {
    for (JsonNode object : objects) {
      if ("Deployment".equals(object.path("kind").asText())) {
        OperatorDeployment.container(object).remove(List.of("image", "imagePullPolicy"));
      }
    }
    return objects;
  }
}
