package io.routemq.crds.routetable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An independent, deliberately plain statement of which route patterns are valid (MQTT 3.1.1/5 section 4.7 and
 * 1.5.4 plus our {name} syntax), written level by level with regular expressions instead of the parser's
 * branches, so the fuzzer can compare the two.
 */
final class ReferencePatternRules {

  private static final Pattern NAMED = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*\\}");
  private static final Pattern NAMED_TAIL = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*\\.\\.\\.\\}");
  private static final Pattern RESERVED = Pattern.compile(".*[+#{}].*", Pattern.DOTALL);

  private ReferencePatternRules() {}

  /** True when {@code pattern} is a valid route pattern. */
  static boolean valid(String pattern) {
    if (pattern.isEmpty() || pattern.contains("\0") || pattern.startsWith("$share/")) {
      return false;
    }
    // MQTT: topics are well-formed UTF-8 of at most 65535 bytes; a lone surrogate has no UTF-8 form.
    if (!wellFormedUtf16(pattern) || pattern.getBytes(StandardCharsets.UTF_8).length > 65535) {
      return false;
    }
    String[] levels = pattern.split("/", -1);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean last = i == levels.length - 1;
      if (level.equals("+") || (level.equals("#") && last)) {
        continue;
      }
      if (NAMED.matcher(level).matches() || (NAMED_TAIL.matcher(level).matches() && last)) {
        if (!names.add(level.replace("...", ""))) {
          return false;
        }
        continue;
      }
      if (RESERVED.matcher(level).matches()) {
        return false;
      }
    }
    return true;
  }

  /** The parameter names, in order, of a valid pattern. */
  static List<String> paramNames(String pattern) {
    List<String> names = new ArrayList<>();
    for (String level : pattern.split("/", -1)) {
      if (level.startsWith("{")) {
        names.add(level.substring(1, level.length() - 1).replace("...", ""));
      }
    }
    return names;
  }

  /** The MQTT filter of a valid pattern: {name} becomes +, {name...} becomes #. */
  static String filter(String pattern) {
    List<String> out = new ArrayList<>();
    for (String level : pattern.split("/", -1)) {
      out.add(NAMED_TAIL.matcher(level).matches() ? "#" : NAMED.matcher(level).matches() ? "+" : level);
    }
    return String.join("/", out);
  }

  static boolean wellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
