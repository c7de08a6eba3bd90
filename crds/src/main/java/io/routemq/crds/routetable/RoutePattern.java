package io.routemq.crds.routetable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's topic pattern, parsed: MQTT levels separated by '/', each a literal, {@code +} (any one level),
 * {@code {name}} (any one level, captured), or as the last level {@code #} (the rest, also none) or
 * {@code {name...}} (the rest, captured, joined with '/'). Everything else in a level is literal, including
 * '.', '$' and regex metacharacters. The same rules as the CRD's CEL rules, so the operator and the worker agree
 * with the API server on what a valid pattern is.
 *
 * @param pattern the text as written
 * @param levels its levels in order
 */
public record RoutePattern(String pattern, List<Level> levels) {

  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** One level of a pattern. */
  public sealed interface Level {
    /** The level as it is written in an MQTT subscription filter. */
    String filter();
  }

  /** A level matched by itself only. */
  public record Literal(String text) implements Level {
    @Override
    public String filter() {
      return text;
    }
  }

  /** One level, any text; {@code name} is null for {@code +}. */
  public record SingleLevel(String name) implements Level {
    @Override
    public String filter() {
      return "+";
    }
  }

  /** The rest of the topic (zero or more levels); {@code name} is null for {@code #}. */
  public record MultiLevel(String name) implements Level {
    @Override
    public String filter() {
      return "#";
    }
  }

  public RoutePattern {
    levels = List.copyOf(levels);
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException naming the pattern and what to change
   */
  public static RoutePattern parse(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw invalid(pattern, "a topic pattern must not be empty");
    }
    if (pattern.indexOf('\0') >= 0) {
      throw invalid(pattern.replace("\0", "\\u0000"), "a topic cannot hold the character U+0000: MQTT forbids it");
    }
    if (pattern.startsWith("$share/")) {
      throw invalid(pattern, "do not write $share/: a shared group subscribes as $share/<cluster>-<group>/<topic>"
          + " by itself");
    }
    String[] parts = pattern.split("/", -1);
    List<Level> levels = new ArrayList<>(parts.length);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      Level level = level(pattern, parts[i], last);
      String name = level instanceof SingleLevel s ? s.name() : level instanceof MultiLevel m ? m.name() : null;
      if (name != null && !names.add(name)) {
        throw invalid(pattern, "parameter names must be unique within a topic: {" + name + "} appears twice");
      }
      levels.add(level);
    }
    return new RoutePattern(pattern, levels);
  }

  private static Level level(String pattern, String text, boolean last) {
    if (text.equals("+")) {
      return new SingleLevel(null);
    }
    if (text.equals("#")) {
      if (!last) {
        throw invalid(pattern, "'#' is allowed only as the whole last level of a topic, e.g. sensors/#");
      }
      return new MultiLevel(null);
    }
    if (text.contains("#")) {
      throw invalid(pattern, "'#' is allowed only as the whole last level of a topic, e.g. sensors/#");
    }
    if (text.contains("+")) {
      throw invalid(pattern, "'+' must be a whole topic level, e.g. sensors/+/data");
    }
    if (text.indexOf('{') < 0 && text.indexOf('}') < 0) {
      return new Literal(text);
    }
    if (!text.startsWith("{") || !text.endsWith("}")) {
      throw invalid(pattern, "a topic parameter is a whole level {name} (or {name...} last), not part of one: "
          + text);
    }
    boolean tail = text.endsWith("...}");
    String name = text.substring(1, text.length() - (tail ? 4 : 1));
    if (name.isEmpty()) {
      throw invalid(pattern, "a topic parameter needs a name, e.g. sensors/{deviceId}/data");
    }
    if (!PARAM_NAME.matcher(name).matches()) {
      throw invalid(pattern, "parameter name '" + name + "' must be a letter or '_' followed by letters, digits"
          + " or '_'");
    }
    if (tail && !last) {
      throw invalid(pattern, "a tail parameter {" + name + "...} must be the last level of a topic");
    }
    return tail ? new MultiLevel(name) : new SingleLevel(name);
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException("topic pattern '" + pattern + "': " + why);
  }

  /** The MQTT subscription filter: {@code {name}} → {@code +}, {@code {name...}} → {@code #}. */
  public String subscriptionFilter() {
    StringBuilder out = new StringBuilder(pattern.length());
    for (int i = 0; i < levels.size(); i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(levels.get(i).filter());
    }
    return out.toString();
  }

  /** Names of the captured parameters, in order. */
  public List<String> paramNames() {
    List<String> names = new ArrayList<>();
    for (Level l : levels) {
      if (l instanceof SingleLevel s && s.name() != null) {
        names.add(s.name());
      } else if (l instanceof MultiLevel m && m.name() != null) {
        names.add(m.name());
      }
    }
    return names;
  }
}
