package io.routemq.worker.handler;

import java.util.Locale;
import java.util.Map;

/**
 * Reads a handler's config values, which arrive as strings from the route table, into the types the handler needs.
 * A value of the wrong type is an error naming the handler, the key, the value and what is expected, found when the
 * worker starts; never silently a default (Boolean.parseBoolean("yes") is false) or a bare NumberFormatException.
 */
public final class HandlerSettings {

  private final String handler;
  private final Map<String, String> config;

  public HandlerSettings(String handler, Map<String, String> config) {
    this.handler = handler;
    this.config = config == null ? Map.of() : config;
  }

  /** The value, or null when the key is absent. */
  public String text(String key) {
    return config.get(key);
  }

  /** A whole number in [min, max], or {@code fallback} when the key is absent. */
  public long number(String key, long fallback, long min, long max) {
    String raw = config.get(key);
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw wrong(key, raw, "a whole number from " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw wrong(key, raw, "a whole number from " + min + " to " + max);
    }
    return value;
  }

  /** true or false (any case), or {@code fallback} when the key is absent. */
  public boolean flag(String key, boolean fallback) {
    String raw = config.get(key);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw wrong(key, raw, "true or false");
    };
  }

  private IllegalArgumentException wrong(String key, String raw, String expected) {
    String shown = raw.length() > 100 ? raw.substring(0, 100) + "...(" + raw.length() + " characters)" : raw;
    return new IllegalArgumentException(handler + " config." + key + " must be " + expected + ", not \"" + shown
        + "\"");
  }
}
