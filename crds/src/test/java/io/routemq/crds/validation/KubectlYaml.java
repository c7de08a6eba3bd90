package io.routemq.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML into JSON the way kubectl does before anything reaches the API server
 * (sigs.k8s.io/yaml, a go-yaml v2 fork: YAML 1.1 scalars). This matters for a faithful test:
 * unquoted {@code Off}, {@code on}, {@code yes} or {@code y} become booleans and {@code 5} an
 * integer there, where Jackson's YAML 1.2 reading would keep strings. Timestamps stay strings, as
 * sigs.k8s.io/yaml turns them back into text.
 */
public final class KubectlYaml {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** go-yaml v2's booleans: YAML 1.1's set plus the single letters y/Y/n/N. */
  private static final Pattern BOOL = Pattern.compile(
      "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$");

  private KubectlYaml() {}

  /** The JSON kubectl would send for {@code yaml} (a single document). */
  public static JsonNode read(String yaml) {
    Resolver resolver = new Resolver() {
      @Override
      protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
        addImplicitResolver(Tag.INT, INT, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
        addImplicitResolver(Tag.MERGE, MERGE, "<");
        addImplicitResolver(Tag.NULL, NULL, "~nN\0");
        addImplicitResolver(Tag.NULL, EMPTY, null);
      }
    };
    LoaderOptions loaderOptions = new LoaderOptions();
    DumperOptions dumperOptions = new DumperOptions();
    Yaml parser = new Yaml(new SafeConstructor(loaderOptions), new Representer(dumperOptions),
        dumperOptions, loaderOptions, resolver);
    return JSON.valueToTree(parser.load(yaml));
  }
}
