package io.routemq.worker.handler.builtin;

import io.routemq.worker.handler.HandlerFactory;
import io.routemq.worker.handler.HandlerServices;
import io.routemq.worker.handler.HandlerSettings;
import io.routemq.worker.handler.MessageHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/** {@code log}: writes topic, parameters and payload size (and, with {@code payload: "true"}, the payload). */
public final class LogHandler implements HandlerFactory {
  private static final Logger LOG = Logger.getLogger("io.routemq.worker.handler.log");

  @Override
  public String type() {
    return "log";
  }

  @Override
  public MessageHandler create(Map<String, String> config, HandlerServices services) {
    boolean withPayload = new HandlerSettings("log", config).flag("payload", false);
    return message -> {
      if (withPayload) {
        LOG.infof("message topic=%s params=%s bytes=%d payload=%s", message.topic(), message.params(),
            message.payload().length, message.payloadAsString());
      } else {
        LOG.infof("message topic=%s params=%s bytes=%d", message.topic(), message.params(), message.payload().length);
      }
      return CompletableFuture.completedFuture(null);
    };
  }
}
