package io.routemq.worker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.RouteTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trie against {@link ReferenceRouter} on random route tables and topics. */
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
        ReferenceRouter.Match expected = ReferenceRouter.match(routes, topic);
        RouteMatch actual = router.match(topic);
        if (expected == null) {
          assertThat(actual).as("routes %s topic '%s'", routes, topic).isNull();
        } else {
          assertThat(actual).as("routes %s topic '%s'", routes, topic).isNotNull();
          assertThat(actual.routeIndex()).as("routes %s topic '%s'", routes, topic).isEqualTo(expected.index());
          assertThat(actual.params()).as("params for '%s' on '%s'", topic, actual.route().topic())
              .isEqualTo(expected.params());
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
}
