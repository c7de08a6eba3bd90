package io.routemq.operator.metrics;

/** Route topic patterns → MQTT subscription filters: {@code {param}} is one level ({@code +}), {@code {rest...}} the rest ({@code #}). */
public final class SubscriptionFilters {
  private SubscriptionFilters() {}

  public static String of(String pattern) {
    String[] levels = pattern.split("/", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if (i > 0) {
        out.append('/');
      }
      if (l.startsWith("{") && l.endsWith("...}")) {
        out.append('#');
      } else if (l.startsWith("{") && l.endsWith("}")) {
        out.append('+');
      } else {
        out.append(l);
      }
    }
    return out.toString();
  }
}
