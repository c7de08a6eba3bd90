package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routemq.crds.CrCorpus;
import io.routemq.crds.validation.KubectlYaml;
import io.routemq.e2e.kube.DryRunCreate.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD of deploy/crds/ on a real API server, used with the real kubectl: every corpus resource gets the verdict
 * and the message the corpus expects from the API server itself, our own checker gives the same verdicts, and
 * {@code kubectl explain} and {@code kubectl get rmq} show what the CRD declares.
 */
class CrdOnApiServerIT {

  /** kubectl prints a date column as an age: 5s, 3m12s, 6y336d. */
  private static final String AGE = "\\d+[smhdy](\\d+[smhd])?";
  private static final String STATUS = """
      {"status": {"conditions": [{"type": "Ready", "status": "True", "reason": "AllGroupsReady", "message": "ok",
        "lastTransitionTime": "2026-01-01T00:00:00Z"}], "groupCount": 1, "workers": "3/4",
        "messagesPerSecond": 120, "backlog": 5, "lastScale": "main 3->4", "lastScaleTime": "2020-01-01T00:00:00Z"}}
      """;
  /** The cell each non-date column shows for {@link #STATUS}, by the column's JSONPath. */
  private static final Map<String, String> CELLS = Map.of(
      ".status.conditions[?(@.type==\"Ready\")].status", "True",
      ".status.groupCount", "1",
      ".status.workers", "3/4",
      ".status.messagesPerSecond", "120",
      ".status.backlog", "5",
      ".status.lastScale", "main 3->4");

  private static CorpusOnApiServer server;
  private static JsonNode crd;

  @BeforeAll
  static void installCrd() throws Exception {
    server = CorpusOnApiServer.start("CrdOnApiServerIT");
    crd = KubectlYaml.read(Files.readString(CorpusOnApiServer.crdFile()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static List<CrCorpus.Case> validResources() {
    return CrCorpus.valid(CorpusOnApiServer.REPO);
  }

  static List<CrCorpus.Case> invalidResources() {
    return CrCorpus.invalid(CorpusOnApiServer.REPO);
  }

  static List<CrCorpus.Case> allResources() {
    return CrCorpus.all(CorpusOnApiServer.REPO);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validResources")
  void apiServerAcceptsValidResource(CrCorpus.Case resource) {
    Verdict verdict = server.apiServer(resource);

    assertThat(verdict.accepted()).as("%s: %s", resource, verdict.message()).isTrue();
    assertThat(verdict.httpStatus()).hasValue(201);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidResources")
  void apiServerRejectsInvalidResourceWithTheExpectedMessage(CrCorpus.Case resource) {
    Verdict verdict = server.apiServer(resource);

    assertThat(verdict.accepted()).as("%s was accepted", resource).isFalse();
    // Refused by the server: its create answered 422 (schema, CEL) or 400 (strict decoding of an unknown field),
    // or its discovery serves no such version and kubectl sent no create at all.
    if (verdict.httpStatus().isPresent()) {
      assertThat(verdict.httpStatus().getAsInt()).as("%s: %s", resource, verdict.message()).isIn(400, 422);
    } else {
      assertThat(verdict.message()).contains("no matches for kind");
    }
    assertThat(verdict.message()).as("%s", resource).contains(resource.expectedMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allResources")
  void localCheckerGivesTheApiServersVerdict(CrCorpus.Case resource) {
    Verdict apiServer = server.apiServer(resource);
    Verdict local = server.localChecker(resource);

    assertThat(local.accepted())
        .as("%s: API server %s (%s), our checker %s (%s)", resource, verb(apiServer), apiServer.message(),
            verb(local), local.message())
        .isEqualTo(apiServer.accepted());
  }

  @Test
  void kubectlExplainShowsOurFieldDescriptions() {
    String explained = server.kubectl().ok("explain", "routemqcluster.spec.groups");

    JsonNode groups = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/groups");
    List<String> descriptions = new ArrayList<>(List.of(groups.path("description").asText()));
    groups.path("items").path("properties").forEach(field -> descriptions.add(field.path("description").asText()));
    assertThat(descriptions).hasSizeGreaterThan(5).doesNotContain("");
    // kubectl wraps descriptions to its width: compare the words, not the line breaks.
    assertThat(words(explained)).contains(descriptions.stream().map(CrdOnApiServerIT::words).toList());
  }

  @Test
  void kubectlGetRmqPrintsOurPrinterColumnsInTheirOrder() {
    Kubectl kubectl = server.kubectl();
    kubectl.ok("create", "namespace", "printer");
    Path valid = CorpusOnApiServer.REPO.resolve("crds/src/test/resources/cr-corpus/valid");
    kubectl.ok("create", "-n", "printer", "-f", valid.resolve("minimal.yaml").toString(),
        "-f", valid.resolve("fixed-count.yaml").toString());
    // Status is the operator's: written through the status subresource, as the operator writes it.
    kubectl.ok("patch", "rmq", "minimal", "-n", "printer", "--subresource=status", "--type=merge", "-p", STATUS);

    List<String> lines = kubectl.ok("get", "rmq", "-n", "printer").lines().toList();

    List<JsonNode> columns = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns").forEach(columns::add);
    List<String> header = new ArrayList<>(List.of("NAME"));
    columns.forEach(c -> header.add(c.path("name").asText().toUpperCase(Locale.ROOT)));
    assertThat(lines.get(0).strip().split("\\s{2,}")).containsExactlyElementsOf(header);
    assertThat(lines).hasSize(3);
    for (int i = 0; i < columns.size(); i++) {
      JsonNode column = columns.get(i);
      String withStatus = cell(lines, "minimal", i + 1);
      String withoutStatus = cell(lines, "fixed", i + 1);
      if (column.path("type").asText().equals("date")) {
        assertThat(withStatus).as(header.get(i + 1)).matches(AGE);
        assertThat(withoutStatus).as(header.get(i + 1)).matches(column.path("jsonPath").asText()
            .startsWith(".status") ? "" : AGE);
      } else {
        assertThat(CELLS).as("the cell expected under %s (%s)", header.get(i + 1), column.path("jsonPath"))
            .containsKey(column.path("jsonPath").asText());
        assertThat(withStatus).as(header.get(i + 1)).isEqualTo(CELLS.get(column.path("jsonPath").asText()));
        assertThat(withoutStatus).as(header.get(i + 1)).isEmpty();
      }
    }
  }

  /** The cell of {@code row} in {@code column} (0 is NAME): kubectl starts each column where its header starts. */
  private static String cell(List<String> table, String row, int column) {
    List<Integer> starts = new ArrayList<>();
    Matcher header = Pattern.compile("(?:^|\\s{2,})(\\S)").matcher(table.get(0));
    while (header.find()) {
      starts.add(header.start(1));
    }
    String line = table.stream().filter(l -> l.startsWith(row + " ")).findFirst().orElseThrow(
        () -> new AssertionError("no row " + row + " in\n" + String.join("\n", table)));
    int end = column + 1 < starts.size() ? starts.get(column + 1) : line.length();
    return line.substring(Math.min(starts.get(column), line.length()), Math.min(end, line.length())).strip();
  }

  private static String verb(Verdict verdict) {
    return verdict.accepted() ? "accepts" : "rejects";
  }

  private static String words(String text) {
    return String.join(" ", text.strip().split("\\s+"));
  }
}
