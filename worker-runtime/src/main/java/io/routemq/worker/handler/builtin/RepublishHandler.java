package io.routemq.worker.handler.builtin;

import io.routemq.worker.handler.HandlerFactory;
import io.routemq.worker.handler.HandlerServices;
import io.routemq.worker.handler.HandlerSettings;
import io.routemq.worker.handler.MessageHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code republish}: publishes the payload to {@code topic}, a template whose {@code {name}} placeholders take the
 * route's captured parameters; {@code qos} (default 1) and {@code retain} (default false). User properties and
 * correlation data are carried over. Succeeds when the broker acknowledged the new message.
 */
public final class RepublishHandler implements HandlerFactory {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  @Override
  public String type() {
    return "republish";
  }

  @Override
  public MessageHandler create(Map<String, String> config, HandlerServices services) {
    String template = config.get("topic");
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("republish needs config.topic, e.g. processed/{deviceId}");
    }
    HandlerSettings settings = new HandlerSettings("republish", config);
    int qos = (int) settings.number("qos", 1, 0, 2);
    boolean retain = settings.flag("retain", false);
    // Publishing only queues the message in the client; the stage completes on the broker's acknowledgement.
    return MessageHandler.nonBlocking(message -> {
      Map<String, String> properties = new HashMap<>(message.userProperties());
      properties.put("routemq-source-topic", message.topic());
      return services.publish(topic(template, message.params()), message.payload(), qos, retain, properties);
    });
  }

  /** Fills the placeholders; one without a captured parameter is an error of the message's route. */
  static String topic(String template, Map<String, String> params) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = params.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("republish topic " + template + " uses {" + m.group(1)
            + "}, which the route does not capture");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
