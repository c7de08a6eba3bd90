package io.routemq.crds.routetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.RoutePattern.Literal;
import io.routemq.crds.routetable.RoutePattern.MultiLevel;
import io.routemq.crds.routetable.RoutePattern.SingleLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold for any text given to {@link RoutePattern#parse}: it is accepted exactly when the reference
 * rules accept it; an accepted pattern keeps its text, levels, filter and names; a refused one gets the documented
 * IllegalArgumentException with a short message that names the pattern.
 */
final class RoutePatternOracle {

  /** An error message is read by a person in a status or a log: longer than this is not a clear message. */
  static final int MAX_MESSAGE_LENGTH = 600;

  private RoutePatternOracle() {}

  static void check(String text) {
    boolean expected = ReferencePatternRules.valid(text);
    RoutePattern parsed;
    try {
      parsed = RoutePattern.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(expected).as("parse refused a valid pattern: %s", e.getMessage()).isFalse();
      assertThat(e.getMessage()).startsWith("topic pattern '").contains("': ");
      assertThat(e.getMessage().length()).as("message length").isLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
      assertThat(e.getMessage()).as("message has no U+0000").doesNotContain("\0");
      return;
    }
    assertThat(expected).as("parse accepted an invalid pattern").isTrue();
    assertThat(parsed.pattern()).isEqualTo(text);
    assertThat(rebuild(parsed)).isEqualTo(text);
    assertThat(parsed.subscriptionFilter()).isEqualTo(ReferencePatternRules.filter(text));
    assertThat(parsed.paramNames()).isEqualTo(ReferencePatternRules.paramNames(text));
  }

  /** The pattern text as its levels write it. */
  private static String rebuild(RoutePattern pattern) {
    List<String> out = new ArrayList<>();
    for (RoutePattern.Level level : pattern.levels()) {
      if (level instanceof Literal l) {
        out.add(l.text());
      } else if (level instanceof SingleLevel s) {
        out.add(s.name() == null ? "+" : "{" + s.name() + "}");
      } else if (level instanceof MultiLevel m) {
        out.add(m.name() == null ? "#" : "{" + m.name() + "...}");
      }
    }
    return String.join("/", out);
  }
}
