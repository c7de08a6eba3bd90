package io.routemq.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checked-in RBAC rules, and which recorded API requests they would not allow. */
public final class RbacRules {

  public static final Path OPERATOR_RBAC = Path.of("..", "deploy", "operator", "rbac.yaml");

  /** /api/v1[/namespaces/ns]/resource[/name[/subresource]] and the /apis/group/version form. */
  private static final Pattern RESOURCE_PATH = Pattern.compile(
      "^/(?:api/(?<coreVersion>v1)|apis/(?<group>[^/]+)/(?<version>[^/]+))"
          + "(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[^/]+)(?:/(?<name>[^/]+)(?:/(?<sub>[^/]+))?)?$");

  private record Rule(Set<String> groups, Set<String> resources, Set<String> verbs) {
    boolean allows(String group, String resource, String verb) {
      return (groups.contains(group) || groups.contains("*"))
          && (resources.contains(resource) || resources.contains("*"))
          && (verbs.contains(verb) || verbs.contains("*"));
    }
  }

  /** What every authenticated client may do (the system:basic-user ClusterRole). */
  private static final Rule BASIC_USER = new Rule(Set.of("authorization.k8s.io"),
      Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews"), Set.of("create"));

  private final List<Rule> rules;

  private RbacRules(List<Rule> rules) {
    this.rules = rules;
  }

  /** Reads every ClusterRole and Role in a multi-document YAML file. */
  public static RbacRules load(Path file) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Rule> rules = new ArrayList<>();
    try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        String kind = doc.path("kind").asText();
        if (!kind.equals("ClusterRole") && !kind.equals("Role")) {
          continue;
        }
        for (JsonNode rule : doc.path("rules")) {
          rules.add(new Rule(strings(rule.path("apiGroups")), strings(rule.path("resources")), strings(rule.path("verbs"))));
        }
      }
    }
    rules.add(BASIC_USER);
    return new RbacRules(rules);
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /**
   * The requests ("METHOD /path[ watch]") no rule allows, as "verb group/resource". Paths that name
   * no resource (discovery, /version) are non-resource URLs every authenticated client may read.
   */
  public Set<String> uncovered(Collection<String> requests) {
    Set<String> missing = new TreeSet<>();
    for (String request : requests) {
      String[] parts = request.split(" ");
      Matcher m = RESOURCE_PATH.matcher(parts[1]);
      if (!m.matches()) {
        continue;
      }
      String group = m.group("coreVersion") != null ? "" : m.group("group");
      String resource = m.group("resource") + (m.group("sub") == null ? "" : "/" + m.group("sub"));
      String verb = verb(parts[0], m.group("name") != null, parts.length > 2);
      if (rules.stream().noneMatch(r -> r.allows(group, resource, verb))) {
        missing.add(verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource);
      }
    }
    return missing;
  }


  /**
   * The grants ("verb group/resource") of the file's rules that none of the requests used: rights the operator may
   * not need. Wildcards are not expanded (the file has none).
   */
  public Set<String> unused(Collection<String> requests) {
    Set<String> used = new TreeSet<>();
    for (String request : requests) {
      String[] parts = request.split(" ");
      Matcher m = RESOURCE_PATH.matcher(parts[1]);
      if (m.matches()) {
        String group = m.group("coreVersion") != null ? "" : m.group("group");
        String resource = m.group("resource") + (m.group("sub") == null ? "" : "/" + m.group("sub"));
        used.add(verb(parts[0], m.group("name") != null, parts.length > 2) + " " + (group.isEmpty() ? "core" : group)
            + "/" + resource);
      }
    }
    Set<String> unused = new TreeSet<>();
    for (Rule r : rules) {
      if (r == BASIC_USER) {
        continue;
      }
      for (String g : r.groups()) {
        for (String res : r.resources()) {
          for (String v : r.verbs()) {
            String grant = v + " " + (g.isEmpty() ? "core" : g) + "/" + res;
            if (!used.contains(grant)) {
              unused.add(grant);
            }
          }
        }
      }
    }
    return unused;
  }

  private static String verb(String method, boolean named, boolean watch) {
    return switch (method) {
      case "GET" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
  }
}
