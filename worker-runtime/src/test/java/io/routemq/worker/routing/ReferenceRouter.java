package io.routemq.worker.routing;

import io.routemq.crds.routetable.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain reference for {@link Router}: for every route, check level by level whether it matches; among the
 * matches take the best by per-level rank (literal 0, one-level wildcard 1, multi-level 2; the position after the
 * topic's last level counts too: a route ending there ranks 0, a '#' matching zero levels 2), then the lowest index.
 * Brute force on purpose: it shares no code with the trie.
 */
final class ReferenceRouter {

  private ReferenceRouter() {}

  /** The route a topic goes to, its rank and its captured parameters. */
  record Match(int index, int[] rank, Map<String, String> params) {}

  /** The best route for {@code topic} among {@code routes} (all valid, none repeated), or null. */
  static Match match(List<RouteTable.Route> routes, String topic) {
    String[] levels = topic.split("/", -1);
    Match best = null;
    for (int i = 0; i < routes.size(); i++) {
      Match r = tryMatch(i, routes.get(i).topic().split("/", -1), levels);
      if (r != null && (best == null || compare(r.rank, best.rank) < 0)) {
        best = r;
      }
    }
    return best;
  }

  /** Rank per topic level plus one for the end; null when the route does not match. */
  private static Match tryMatch(int index, String[] pattern, String[] levels) {
    int[] rank = new int[levels.length + 1];
    Map<String, String> params = new HashMap<>();
    boolean system = levels[0].startsWith("$");
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      boolean multi = p.equals("#") || p.endsWith("...}");
      boolean wildcard = multi || p.equals("+") || p.startsWith("{");
      if (i == 0 && system && wildcard) {
        return null;
      }
      if (multi) {
        for (int j = i; j <= levels.length; j++) {
          rank[j] = 2;
        }
        if (p.startsWith("{")) {
          String rest = i >= levels.length ? "" : String.join("/", List.of(levels).subList(i, levels.length));
          params.put(p.substring(1, p.length() - 4), rest);
        }
        return new Match(index, rank, params);
      }
      if (i >= levels.length) {
        return null;
      }
      if (wildcard) {
        rank[i] = 1;
        if (p.startsWith("{")) {
          params.put(p.substring(1, p.length() - 1), levels[i]);
        }
      } else if (!p.equals(levels[i])) {
        return null;
      }
    }
    return pattern.length == levels.length ? new Match(index, rank, params) : null;
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }
}
