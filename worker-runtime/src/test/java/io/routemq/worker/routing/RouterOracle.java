package io.routemq.worker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routemq.crds.routetable.RoutePattern;
import io.routemq.crds.routetable.RouteTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold for any route table and topic given to {@link Router}: compiling refuses exactly the tables with an
 * invalid, too deep or repeated route, naming the first; a compiled router sends every topic where {@link ReferenceRouter}
 * does, with the same parameters, and subscribes once per filter at the highest QoS.
 *
 * <p>Input: text lines; every line but the last is a route (route i has QoS i mod 3), the last is the topic. Besides
 * that topic, each route is also asked with a topic made from it (its wildcards filled from the topic's levels), so
 * the fuzzer reaches matches without having to guess them.
 */
final class RouterOracle {

  private RouterOracle() {}

  static void check(String input) {
    String[] lines = input.split("\n", -1);
    String topic = lines[lines.length - 1];
    List<RouteTable.Route> routes = new ArrayList<>();
    for (int i = 0; i < lines.length - 1; i++) {
      routes.add(new RouteTable.Route(lines[i], i % 3, "log", Map.of()));
    }
    List<RouteTable.Route> valid = validRoutes(routes);
    if (valid.size() < routes.size()) {
      int firstBad = firstBad(routes);
      assertThatThrownBy(() -> Router.compile(routes))
          .isInstanceOf(InvalidRouteException.class)
          .satisfies(e -> assertThat(e.getMessage()).matches("(?s)route " + firstBad + "[: ].*").hasSizeLessThan(800));
    }
    Router router = Router.compile(valid);
    assertThat(router.size()).isEqualTo(valid.size());
    assertThat(router.subscriptions()).isEqualTo(referenceSubscriptions(valid));
    List<String> topics = new ArrayList<>();
    topics.add(topic);
    String[] levels = topic.split("/", -1);
    for (RouteTable.Route route : valid) {
      topics.add(fill(route.topic(), levels));
    }
    for (String t : topics) {
      agree(valid, router, t);
    }
  }

  private static void agree(List<RouteTable.Route> routes, Router router, String topic) {
    ReferenceRouter.Match expected = ReferenceRouter.match(routes, topic);
    RouteMatch actual = router.match(topic);
    if (expected == null) {
      assertThat(actual).as("topic '%s'", topic).isNull();
      return;
    }
    assertThat(actual).as("topic '%s'", topic).isNotNull();
    assertThat(actual.routeIndex()).as("route for '%s'", topic).isEqualTo(expected.index());
    assertThat(actual.route()).isSameAs(routes.get(expected.index()));
    assertThat(actual.params()).as("params for '%s'", topic).isEqualTo(expected.params());
  }

  /** The routes that parse, each text once, in order: what the router must be able to compile. */
  private static List<RouteTable.Route> validRoutes(List<RouteTable.Route> routes) {
    List<RouteTable.Route> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RouteTable.Route r : routes) {
      if (parses(r.topic()) && seen.add(r.topic())) {
        out.add(r);
      }
    }
    return out;
  }

  private static int firstBad(List<RouteTable.Route> routes) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      if (!parses(routes.get(i).topic()) || !seen.add(routes.get(i).topic())) {
        return i;
      }
    }
    throw new IllegalStateException("no bad route");
  }

  private static boolean parses(String pattern) {
    try {
      return RoutePattern.parse(pattern).levels().size() <= Router.MAX_LEVELS;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<Subscription> referenceSubscriptions(List<RouteTable.Route> routes) {
    Map<String, Integer> qos = new LinkedHashMap<>();
    for (RouteTable.Route r : routes) {
      qos.merge(filter(r.topic()), r.qos(), Math::max);
    }
    List<Subscription> out = new ArrayList<>();
    qos.forEach((f, q) -> out.add(new Subscription(f, q)));
    return out;
  }

  private static String filter(String pattern) {
    List<String> out = new ArrayList<>();
    for (String p : pattern.split("/", -1)) {
      out.add(p.endsWith("...}") ? "#" : p.startsWith("{") ? "+" : p);
    }
    return String.join("/", out);
  }

  /** A topic the route matches: wildcards take the topic's level at that place ('w' past its end). */
  private static String fill(String pattern, String[] levels) {
    String[] parts = pattern.split("/", -1);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      String here = i < levels.length ? levels[i] : "w";
      if (p.equals("#") || p.endsWith("...}")) {
        for (int j = i; j < levels.length; j++) {
          out.add(levels[j]);
        }
      } else if (p.equals("+") || p.startsWith("{")) {
        out.add(here);
      } else {
        out.add(p);
      }
    }
    return String.join("/", out);
  }
}
