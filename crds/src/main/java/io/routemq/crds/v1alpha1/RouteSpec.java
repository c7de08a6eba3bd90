package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A topic pattern and the handler that runs for each message on a matching topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteSpec {

  // The topic rules are separate so that each mistake gets its own message; maxLength bounds
  // the cost of the string searches (see shared BUILD-NOTES on the CEL budget).
  @Required
  @Size(min = 1, max = 128)
  @ValidationRule(value = "!self.contains('\\u0000')",
      message = "a topic cannot hold the character U+0000: MQTT forbids it in topics")
  @ValidationRule(value = "!self.startsWith('$share/')",
      message = "do not write $share/ in a topic: a shared group subscribes as $share/<cluster>-<group>/<topic> by itself")
  @ValidationRule(value = "!self.matches('#.|[^/]#')",
      message = "'#' is allowed only as the whole last level of a topic, e.g. sensors/#")
  @ValidationRule(value = "!self.matches('[^/][+]|[+][^/]')",
      message = "'+' must be a whole topic level, e.g. sensors/+/data")
  @ValidationRule(value = "!self.matches('[{]([.][.][.])?[}]')",
      message = "a topic parameter needs a name, e.g. sensors/{deviceId}/data")
  @ValidationRule(value = "!self.matches('[{][^/]*[.][.][.][}]/')",
      message = "a tail parameter {name...} must be the last level of a topic")
  @ValidationRule(
      value = "self.matches('^([^/{}]*|[{][A-Za-z_][A-Za-z0-9_]*([.][.][.])?[}])(/([^/{}]*|[{][A-Za-z_][A-Za-z0-9_]*([.][.][.])?[}]))*$')",
      message = "a topic parameter is a whole level {name} (or {name...} last), its name a letter or '_' followed by letters, digits or '_'")
  // Parameter names are unique. Priced as kube-apiserver 1.37 prices it: a list from split() is as long as
  // its string's maxLength (128) unless the limit is a literal, and the rule runs for 16 groups x 32 routes.
  // split('/') without a limit was refused at 3.0x the per-rule budget; split('{', 33) is accepted. 33 pieces
  // hold every parameter: braces occur only in parameter levels (rule above), and a topic of 128 characters
  // holds at most 32 of them ('{a}/' each). Each piece after a '{' starts with a name and its '}'.
  @ValidationRule(
      value = "self.split('{', 33).all(p, !p.contains('}')"
          + " || self.indexOf('{' + p.substring(0, p.indexOf('}') + 1)) == self.lastIndexOf('{' + p.substring(0, p.indexOf('}') + 1)))",
      message = "parameter names must be unique within a topic: rename one of the repeated {name} levels")
  // The tail parameter {name...} (always the last level) must not repeat an earlier {name}.
  @ValidationRule(
      value = "!self.endsWith('...}') || self.lastIndexOf('{') < 0"
          + " || !self.contains(self.substring(self.lastIndexOf('{'), self.size() - 4) + '}/')",
      message = "parameter names must be unique within a topic: the tail {name...} repeats an earlier {name}")
  @JsonPropertyDescription("Topic pattern: MQTT levels separated by '/'. A level is a literal, '+' (any one level),"
      + " '{name}' (any one level, passed to the handler as parameter name), or as the last level '#' (any rest,"
      + " including none) or '{name...}' (the rest, captured). Literal levels win over '+'/'{name}', which win over '#'.")
  private String topic;

  @Min(0)
  @Max(2)
  @Default("1")
  @JsonPropertyDescription("MQTT QoS of the subscription: 0, 1 (default) or 2. With 1 and 2 a message is acknowledged"
      + " only after its handler succeeded or it was dead-lettered.")
  private Integer qos;

  @Required
  @JsonPropertyDescription("The handler that runs for each message.")
  private HandlerSpec handler;

  public RouteSpec() {}

  public RouteSpec(String topic, HandlerSpec handler) {
    this.topic = topic;
    this.handler = handler;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public Integer getQos() {
    return qos;
  }

  public void setQos(Integer qos) {
    this.qos = qos;
  }

  public HandlerSpec getHandler() {
    return handler;
  }

  public void setHandler(HandlerSpec handler) {
    this.handler = handler;
  }

  public int effectiveQos() {
    return qos == null ? 1 : qos;
  }
}
