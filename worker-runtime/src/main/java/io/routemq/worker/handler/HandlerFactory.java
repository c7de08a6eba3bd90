package io.routemq.worker.handler;

import java.util.Map;

/**
 * Makes the handler of a route from the route's {@code handler.config}. Found by {@link java.util.ServiceLoader}:
 * a jar with an implementation listed in {@code META-INF/services/io.routemq.worker.handler.HandlerFactory}, on the
 * worker's classpath or in {@code ROUTEMQ_HANDLERS_DIR}, adds a handler type to the worker image.
 */
public interface HandlerFactory {

  /** The name routes use in {@code handler.type}. */
  String type();

  /**
   * @param config the route's handler settings
   * @param services what the worker offers handlers (publishing to the broker)
   * @throws IllegalArgumentException when the settings are unusable; the message says which and why
   */
  MessageHandler create(Map<String, String> config, HandlerServices services);
}
