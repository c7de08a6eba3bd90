package io.routemq.worker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trie against a plain reference matcher on random route tables and topics: for every route, check level by
 * level whether it matches; among the matches take the best by per-level rank (literal 0, one-level wildcard 1,
 * multi-level 2; the position after the topic's last level counts too: a route ending there ranks 0, a '#' matching
 * zero levels 2), then the lowest index.
 */
class RouterReferenceTest {

  private static final String[] WORDS = {"a", "b", "c", "$s", "", "x.y"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void trieAgreesWithTheReferenceMatcher(long seed) {
    Random random = new Random(seed);
    for (int table = 0; table < 40; table++) {
      List<RouteTable.Route> routes = randomRoutes(random);
      Router router = Router.compile(routes);
      for (int t = 0; t < 100; t++) {
        String topic = randomTopic(random);
        Reference expected = reference(routes, topic);
        RouteMatch actual = router.match(topic);
        if (expected == null) {
          assertThat(actual).as("routes %s topic '%s'", routes, topic).isNull();
        } else {
          assertThat(actual).as("routes %s topic '%s'", routes, topic).isNotNull();
          assertThat(actual.routeIndex()).as("routes %s topic '%s'", routes, topic).isEqualTo(expected.index);
          assertThat(actual.params()).as("params for '%s' on '%s'", topic, actual.route().topic())
              .isEqualTo(expected.params);
        }
      }
    }
  }

  private static List<RouteTable.Route> randomRoutes(Random random) {
    Set<String> patterns = new LinkedHashSet<>();
    int count = 1 + random.nextInt(12);
    while (patterns.size() < count) {
      int levels = 1 + random.nextInt(4);
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < levels; i++) {
        boolean last = i == levels - 1;
        int kind = random.nextInt(10);
        if (kind < 5) {
          parts.add(WORDS[random.nextInt(WORDS.length)]);
        } else if (kind < 7) {
          parts.add("+");
        } else if (kind < 9) {
          parts.add("{p" + i + "}");
        } else if (last) {
          parts.add(random.nextBoolean() ? "#" : "{rest...}");
        } else {
          parts.add("+");
        }
      }
      String pattern = String.join("/", parts);
      if (!pattern.isEmpty()) {
        patterns.add(pattern);
      }
    }
    return patterns.stream().map(RouterTest::route).toList();
  }

  private static String randomTopic(Random random) {
    int levels = 1 + random.nextInt(5);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      parts.add(WORDS[random.nextInt(WORDS.length)]);
    }
    return String.join("/", parts);
  }

  private record Reference(int index, int[] rank, Map<String, String> params) {}

  private static Reference reference(List<RouteTable.Route> routes, String topic) {
    String[] levels = topic.split("/", -1);
    Reference best = null;
    for (int i = 0; i < routes.size(); i++) {
      Reference r = tryMatch(i, routes.get(i).topic().split("/", -1), levels);
      if (r != null && (best == null || compare(r.rank, best.rank) < 0)) {
        best = r;
      }
    }
    return best;
  }

  /** Rank per topic level plus one for the end; null when the route does not match. */
  private static Reference tryMatch(int index, String[] pattern, String[] levels) {
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
        return new Reference(index, rank, params);
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
    return pattern.length == levels.length ? new Reference(index, rank, params) : null;
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
