package io.routemq.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stands in for kube-apiserver's handling of a RouteMQCluster create: the custom resource is
 * defaulted from the CRD's schema, checked against the structural schema, then every
 * {@code x-kubernetes-validations} rule runs on the defaulted object. Returns what the API server
 * would answer as a list of {@code <field path>: <message>} lines; empty means accepted.
 */
public final class CrdValidator {

  /** The fields of Kubernetes' ObjectMeta: strict decoding refuses any other under metadata. */
  private static final Set<String> OBJECT_META_FIELDS = Set.of("name", "generateName", "namespace", "selfLink",
      "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
      "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

  /** What the API server checks of every object's name (a DNS-1123 subdomain). */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final String apiVersion;
  private final String kind;
  private final JsonNode schema;

  private CrdValidator(String apiVersion, String kind, JsonNode schema) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.schema = schema;
  }

  /** The validator for the CRD the build generated (system property {@code crd.output}). */
  public static CrdValidator forGeneratedCrd() {
    String location = System.getProperty("crd.output");
    if (location == null) {
      throw new IllegalStateException("system property crd.output is not set: run the tests through Maven");
    }
    return load(Path.of(location));
  }

  /** The validator for the single served version of the CRD in {@code crdFile}. */
  public static CrdValidator load(Path crdFile) {
    JsonNode crd = readYaml(crdFile);
    JsonNode version = crd.path("spec").path("versions").get(0);
    return new CrdValidator(
        crd.path("spec").path("group").asText() + "/" + version.path("name").asText(),
        crd.path("spec").path("names").path("kind").asText(),
        version.path("schema").path("openAPIV3Schema"));
  }

  /** The CRD's {@code openAPIV3Schema}. */
  public JsonNode schema() {
    return schema;
  }

  /** Every CEL rule in the CRD, with where it sits. */
  public List<CelRules.Rule> rules() {
    return CelRules.collect(schema, "");
  }

  /** Structural-schema errors of one value, e.g. a field's default, at {@code path}. */
  public static List<String> validateValue(JsonNode value, JsonNode schema, String path) {
    return StructuralValidator.validate(value, schema, path);
  }

  /** The API server's answer to creating the custom resource in {@code crFile}. */
  public List<String> validate(Path crFile) {
    return validate((ObjectNode) readYaml(crFile));
  }

  /** The API server's answer to creating {@code cr}; {@code cr} itself is left as it was. */
  public List<String> validate(ObjectNode cr) {
    ObjectNode object = cr.deepCopy();
    List<String> errors = new ArrayList<>(checkTypeMeta(object));
    JsonNode metadata = object.remove("metadata");
    if (metadata != null) {
      metadata.fieldNames().forEachRemaining(field -> {
        if (!OBJECT_META_FIELDS.contains(field)) {
          errors.add("metadata." + field + ": unknown field \"metadata." + field + "\"");
        }
      });
    }
    String apiVersionGiven = textOrNull(object.remove("apiVersion"));
    String kindGiven = textOrNull(object.remove("kind"));
    // With the status subresource, the API server drops status from a create or spec update, but only after
    // decoding it: an unknown field in it is refused like any other.
    JsonNode status = object.remove("status");
    if (status != null) {
      errors.addAll(StructuralValidator.unknownFields(status, schema.path("properties").path("status"), "status"));
    }

    SchemaDefaulter.apply(object, schema);
    errors.addAll(StructuralValidator.validate(object, schema, ""));

    // CEL sees apiVersion, kind and of metadata only name and generateName, as on a real server.
    ObjectNode celSelf = object.deepCopy();
    ObjectNode celMetadata = celSelf.putObject("metadata");
    for (String field : List.of("name", "generateName")) {
      if (metadata != null && metadata.hasNonNull(field)) {
        celMetadata.put(field, metadata.get(field).asText());
      }
    }
    celSelf.put("apiVersion", apiVersionGiven);
    celSelf.put("kind", kindGiven);
    errors.addAll(CelRules.evaluate(celSelf, schema, ""));
    return errors;
  }

  /**
   * The API server's answer to a write of {@code cr}'s status through the status subresource:
   * only {@code status} is defaulted and validated (spec and metadata changes are ignored there).
   */
  public List<String> validateStatusUpdate(ObjectNode cr) {
    JsonNode statusSchema = schema.path("properties").path("status");
    JsonNode status = cr.path("status").deepCopy();
    if (status.isMissingNode()) {
      return List.of();
    }
    SchemaDefaulter.apply(status, statusSchema);
    List<String> errors = new ArrayList<>(StructuralValidator.validate(status, statusSchema, "status"));
    errors.addAll(CelRules.evaluate(status, statusSchema, "status"));
    return errors;
  }

  private List<String> checkTypeMeta(ObjectNode object) {
    List<String> errors = new ArrayList<>();
    String apiVersionGiven = object.path("apiVersion").asText();
    String kindGiven = object.path("kind").asText();
    if (!apiVersion.equals(apiVersionGiven) || !kind.equals(kindGiven)) {
      // kubectl finds the endpoint in the API server's discovery, which serves no other version or kind.
      errors.add("no matches for kind \"" + kindGiven + "\" in version \"" + apiVersionGiven + "\"");
      return errors;
    }
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      errors.add("metadata.name: Required value: name or generateName is required");
    } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      errors.add("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain"
          + " of at most 253 characters");
    }
    return errors;
  }

  private static String textOrNull(JsonNode node) {
    return node == null ? null : node.asText();
  }

  private static JsonNode readYaml(Path file) {
    try {
      return KubectlYaml.read(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
