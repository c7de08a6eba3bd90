package io.routemq.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The operator's Deployment as a kustomization renders it: its container and the settings the tests compare. */
final class OperatorDeployment {
  static final String NAME = "routemq-operator";
  /** Which namespaces the operator watches: JOSDK_ALL_NAMESPACES, or a comma-separated list. */
  static final String WATCH_ENV = "QUARKUS_OPERATOR_SDK_NAMESPACES";
  private static final String CONTAINER = "operator";

  private OperatorDeployment() {}

  static ObjectNode in(Rendered rendered) {
    return (ObjectNode) rendered.find("Deployment", NAME);
  }

  static ObjectNode container(JsonNode deployment) {
    for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
      if (CONTAINER.equals(c.path("name").asText())) {
        return (ObjectNode) c;
      }
    }
    throw new AssertionError("Deployment " + NAME + " has no container " + CONTAINER);
  }

  /**
   * The container's environment variable of that name, or a missing node. Set twice, the pod would get the last
   * one, which a test reading the first would not see: that fails here.
   */
  static JsonNode env(JsonNode deployment, String name) {
    JsonNode found = MissingNode.getInstance();
    for (JsonNode e : container(deployment).path("env")) {
      if (name.equals(e.path("name").asText())) {
        if (!found.isMissingNode()) {
          throw new AssertionError("Deployment " + NAME + " sets " + name + " twice: " + found + " and " + e);
        }
        found = e;
      }
    }
    return found;
  }

  /** Removes the container's environment variable of that name (from the given, already copied, Deployment). */
  static ObjectNode withoutEnv(ObjectNode deployment, String name) {
    ArrayNode env = (ArrayNode) container(deployment).path("env");
    for (int i = env.size() - 1; i >= 0; i--) {
      if (name.equals(env.get(i).path("name").asText())) {
        env.remove(i);
      }
    }
    return deployment;
  }
}
