package io.routemq.crds.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step after Fabric8's CRD generator: puts the printer columns back in the order they are
 * declared on {@link RouteMQCluster} (the generator sorts them by JSON path, which would put Age
 * first in {@code kubectl get}) without the default priority 0, and writes the CRD to each given output path.
 *
 * <p>Usage: {@code CrdPostProcessor <generated.yml> <output.yml>...}
 */
public final class CrdPostProcessor {

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              // A string such as the protocol version "5" must stay a string: unquoted, YAML makes it a
              // number, and the API server then refuses the CRD (a string enum and default of type integer).
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .disable(YAMLGenerator.Feature.SPLIT_LINES));

  private CrdPostProcessor() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: CrdPostProcessor <generated.yml> <output.yml>...");
    }
    String crd = process(Files.readString(Path.of(args[0])));
    for (int i = 1; i < args.length; i++) {
      Path out = Path.of(args[i]);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, crd);
    }
  }

  /**
   * An empty status by default, so that the API server applies the status' own defaults (observedGeneration 0) to
   * an object the operator has not written yet. Without it a new object has no status, and kstatus — what Flux and
   * kpt wait with — reads an object without status as Current before the operator has even seen it.
   */
  private static void defaultStatus(JsonNode version) {
    JsonNode status = version.path("schema").path("openAPIV3Schema").path("properties").path("status");
    if (status instanceof ObjectNode object) {
      object.putObject("default");
    }
  }

  /** The finished CRD text for the generator's output. */
  public static String process(String generatedYaml) throws IOException {
    JsonNode crd = YAML.readTree(generatedYaml);
    List<String> declared =
        Arrays.stream(RouteMQCluster.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (JsonNode version : crd.path("spec").path("versions")) {
      defaultStatus(version);
      JsonNode columns = version.get("additionalPrinterColumns");
      if (columns instanceof ArrayNode array) {
        List<JsonNode> sorted = new ArrayList<>();
        array.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(c -> declared.indexOf(c.path("name").asText())));
        // priority 0 is the API server's default, and it stores the column without it: the file then reads as
        // what kubectl get crd shows (DeployOnApiServerIT compares the two).
        sorted.forEach(c -> {
          if (c.path("priority").asInt(-1) == 0) {
            ((ObjectNode) c).remove("priority");
          }
        });
        ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(sorted);
      }
    }
    return "# Generated from the crds module by the build; do not edit by hand.\n"
        + "# Regenerate with: ./mvnw -B -pl crds -Pupdate-crds process-classes\n"
        + YAML.writeValueAsString(crd);
  }
}
