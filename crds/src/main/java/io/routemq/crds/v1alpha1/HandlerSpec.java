package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** A handler, by the name the worker's handler catalog knows it under, and its settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HandlerSpec {

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z][a-z0-9]*([-.][a-z0-9]+)*$")
  @JsonPropertyDescription("Handler name: a built-in (log, republish, http) or one from a jar in the worker image.")
  private String type;

  @Size(max = 64)
  @JsonPropertyDescription("Handler settings, as strings. republish: topic (may use {param}), qos, retain."
      + " http: url, timeoutMillis. log: level.")
  private Map<String, String> config;

  public HandlerSpec() {}

  public HandlerSpec(String type, Map<String, String> config) {
    this.type = type;
    this.config = config;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public void setConfig(Map<String, String> config) {
    this.config = config;
  }
}
