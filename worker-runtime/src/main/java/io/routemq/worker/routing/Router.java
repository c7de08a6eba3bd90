package io.routemq.worker.routing;

import io.routemq.crds.routetable.RoutePattern;
import io.routemq.crds.routetable.RoutePattern.Level;
import io.routemq.crds.routetable.RoutePattern.Literal;
import io.routemq.crds.routetable.RoutePattern.MultiLevel;
import io.routemq.crds.routetable.RoutePattern.SingleLevel;
import io.routemq.crds.routetable.RouteTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the route for a topic: a trie over topic levels.
 *
 * <p>Precedence: topics are compared level by level, and at the first level where two matching routes differ a
 * literal beats a one-level wildcard ({@code {name}} or {@code +}), which beats a multi-level one ({@code #} or
 * {@code {name...}}). At the end of the topic, a route that ends there beats one whose {@code #} matches zero
 * levels. Routes of equal precedence (e.g. {@code a/{x}} and {@code a/+}) go to the one declared first. The search
 * backtracks: if a literal branch fails deeper down, the wildcard branches are tried.
 *
 * <p>MQTT rules kept: {@code #} also matches the parent level ({@code a/#} matches {@code a}); empty levels are
 * levels ({@code +} matches the empty level of {@code a//b}); a topic starting with '$' is not matched by a wildcard
 * in the first level (so {@code #} never sees {@code $SYS/...}), only by a literal first level.
 *
 * <p>Thread-safe after {@link #compile}; {@link #match} allocates only the parameter map of a match.
 */
public final class Router {

  /**
   * Most levels a route may have. The search recurses once per route level, so an unbounded route (a hand-made
   * table: the CRD caps a topic at 128 characters, i.e. 65 levels) could overflow the stack on every message; a
   * topic may still have any number of levels.
   */
  public static final int MAX_LEVELS = 1024;

  private final Node root;
  private final List<Subscription> subscriptions;
  private final int size;

  private Router(Node root, List<Subscription> subscriptions, int size) {
    this.root = root;
    this.subscriptions = subscriptions;
    this.size = size;
  }

  /**
   * Builds the trie.
   *
   * @throws InvalidRouteException for an invalid pattern, one of more than {@link #MAX_LEVELS} levels or an exact
   *     duplicate, naming the route
   */
  public static Router compile(List<RouteTable.Route> routes) {
    Node root = new Node();
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Integer> qosByFilter = new LinkedHashMap<>();
    for (int i = 0; i < routes.size(); i++) {
      RouteTable.Route route = routes.get(i);
      RoutePattern pattern;
      try {
        pattern = RoutePattern.parse(route.topic());
      } catch (IllegalArgumentException e) {
        throw new InvalidRouteException("route " + i + ": " + e.getMessage());
      }
      if (pattern.levels().size() > MAX_LEVELS) {
        throw new InvalidRouteException("route " + i + " ('" + RoutePattern.printable(route.topic()) + "') has "
            + pattern.levels().size() + " levels; a route has at most " + MAX_LEVELS + ": shorten it");
      }
      Integer earlier = seen.putIfAbsent(route.topic(), i);
      if (earlier != null) {
        throw new InvalidRouteException("route " + i + " ('" + RoutePattern.printable(route.topic())
            + "') repeats route " + earlier + ": remove one of them");
      }
      insert(root, new Entry(i, route, pattern));
      qosByFilter.merge(pattern.subscriptionFilter(), route.qos(), Math::max);
    }
    List<Subscription> subscriptions = new ArrayList<>();
    qosByFilter.forEach((filter, qos) -> subscriptions.add(new Subscription(filter, qos)));
    return new Router(root, List.copyOf(subscriptions), routes.size());
  }

  private static void insert(Node root, Entry entry) {
    Node node = root;
    for (Level level : entry.pattern.levels()) {
      if (level instanceof Literal l) {
        if (node.literals == null) {
          node.literals = new HashMap<>();
        }
        node = node.literals.computeIfAbsent(l.text(), k -> new Node());
      } else if (level instanceof SingleLevel) {
        if (node.single == null) {
          node.single = new Node();
        }
        node = node.single;
      } else {
        // '#' ends the pattern (RoutePattern guarantees it is last); the earliest declared route keeps the spot.
        if (node.multi == null) {
          node.multi = entry;
        }
        return;
      }
    }
    if (node.terminal == null) {
      node.terminal = entry;
    }
  }

  /** The route for {@code topic}, or null when none matches. */
  public RouteMatch match(String topic) {
    boolean system = !topic.isEmpty() && topic.charAt(0) == '$';
    Entry entry = find(root, topic, 0, system);
    return entry == null ? null : new RouteMatch(entry.index, entry.route, entry.params(topic));
  }

  /**
   * Depth-first in precedence order (literal, one-level wildcard, multi-level wildcard), so the first route found is
   * the best one.
   *
   * @param start index in topic where the current level begins, or topic.length() + 1 when no level is left
   */
  private static Entry find(Node node, String topic, int start, boolean system) {
    if (start > topic.length()) {
      // No level left: a route ending here beats a '#' matching zero levels.
      return node.terminal != null ? node.terminal : node.multi;
    }
    int end = topic.indexOf('/', start);
    if (end < 0) {
      end = topic.length();
    }
    boolean first = start == 0;
    if (node.literals != null) {
      Node next = node.literals.get(topic.substring(start, end));
      if (next != null) {
        Entry found = find(next, topic, end + 1, system);
        if (found != null) {
          return found;
        }
      }
    }
    if (first && system) {
      // MQTT: wildcards in the first level do not match '$' topics.
      return null;
    }
    if (node.single != null) {
      Entry found = find(node.single, topic, end + 1, system);
      if (found != null) {
        return found;
      }
    }
    return node.multi;
  }

  /** One subscription per distinct filter, in declaration order, at the highest QoS of its routes. */
  public List<Subscription> subscriptions() {
    return subscriptions;
  }

  /** Number of routes. */
  public int size() {
    return size;
  }

  private static final class Node {
    Map<String, Node> literals;
    Node single;
    /** The route whose '#' or {name...} sits at this node. */
    Entry multi;
    /** The route that ends exactly at this node. */
    Entry terminal;
  }

  /** A route with where its captures are. */
  private static final class Entry {
    final int index;
    final RouteTable.Route route;
    final RoutePattern pattern;
    /** Parameter name per topic level, null where the level is not captured. */
    final String[] names;
    /** Name of the {name...} capture, or null. */
    final String tail;
    final boolean captures;

    Entry(int index, RouteTable.Route route, RoutePattern pattern) {
      this.index = index;
      this.route = route;
      this.pattern = pattern;
      List<Level> levels = pattern.levels();
      String tailName = null;
      List<String> perLevel = new ArrayList<>();
      for (Level level : levels) {
        if (level instanceof MultiLevel m) {
          tailName = m.name();
        } else {
          perLevel.add(level instanceof SingleLevel s ? s.name() : null);
        }
      }
      this.names = perLevel.toArray(new String[0]);
      this.tail = tailName;
      this.captures = tailName != null || perLevel.stream().anyMatch(n -> n != null);
    }

    Map<String, String> params(String topic) {
      if (!captures) {
        return Map.of();
      }
      Map<String, String> params = new HashMap<>();
      int start = 0;
      for (String name : names) {
        int end = topic.indexOf('/', start);
        if (end < 0) {
          end = topic.length();
        }
        if (name != null) {
          params.put(name, topic.substring(start, end));
        }
        start = end + 1;
      }
      if (tail != null) {
        params.put(tail, start > topic.length() ? "" : topic.substring(start));
      }
      return Collections.unmodifiableMap(params);
    }
  }
}
