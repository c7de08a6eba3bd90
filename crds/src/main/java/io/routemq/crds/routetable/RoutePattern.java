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
  /** MQTT: a topic is a UTF-8 string with a two-byte length. */
  public static final int MAX_TOPIC_BYTES = 65535;
  /** How much of a pattern an error message shows. */
  private static final int SHOWN_CHARS = 200;

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
      throw invalid(pattern, "a topic cannot hold the character U+0000: MQTT forbids it");
    }
    int surrogate = loneSurrogate(pattern);
    if (surrogate >= 0) {
      throw invalid(pattern, String.format("a topic must be valid UTF-8, but character %d is a lone UTF-16 surrogate"
          + " U+%04X, which has no UTF-8 form (MQTT forbids U+D800..U+DFFF): fix the text where it was produced",
          surrogate, (int) pattern.charAt(surrogate)));
    }
    int bytes = utf8Length(pattern);
    if (bytes > MAX_TOPIC_BYTES) {
      throw invalid(pattern, "a topic is at most " + MAX_TOPIC_BYTES + " bytes of UTF-8 (MQTT), this one has " + bytes);
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
        throw invalid(pattern, "parameter names must be unique within a topic: {" + printable(name)
            + "} appears twice");
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
          + printable(text));
    }
    boolean tail = text.endsWith("...}");
    String name = text.substring(1, text.length() - (tail ? 4 : 1));
    if (name.isEmpty()) {
      throw invalid(pattern, "a topic parameter needs a name, e.g. sensors/{deviceId}/data");
    }
    if (!PARAM_NAME.matcher(name).matches()) {
      throw invalid(pattern, "parameter name '" + printable(name) + "' must be a letter or '_' followed by letters,"
          + " digits or '_'");
    }
    if (tail && !last) {
      throw invalid(pattern, "a tail parameter {" + printable(name) + "...} must be the last level of a topic");
    }
    return tail ? new MultiLevel(name) : new SingleLevel(name);
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException("topic pattern '" + printable(pattern) + "': " + why);
  }

  /**
   * The pattern as an error message can carry it: U+0000 and lone surrogates written as escapes (a log or a
   * Kubernetes status cannot hold them), and a long pattern cut, so the message stays readable.
   */
  public static String printable(String pattern) {
    if (pattern == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(pattern.length(), SHOWN_CHARS) + 40);
    int i = 0;
    for (; i < pattern.length() && out.length() < SHOWN_CHARS; i++) {
      char c = pattern.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < pattern.length()
          && Character.isLowSurrogate(pattern.charAt(i + 1));
      if (paired) {
        out.append(c).append(pattern.charAt(++i));
      } else if (c == '\0' || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (i < pattern.length()) {
      out.append("...(").append(pattern.length()).append(" characters in all)");
    }
    return out.toString();
  }

  /** Index of the first char that is a surrogate without its partner, or -1. */
  private static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** UTF-8 length of well-formed text, without encoding it. */
  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
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
