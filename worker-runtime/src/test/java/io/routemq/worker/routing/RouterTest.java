package io.routemq.worker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routemq.crds.routetable.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

  static RouteTable.Route route(String topic) {
    return route(topic, 1);
  }

  static RouteTable.Route route(String topic, int qos) {
    return new RouteTable.Route(topic, qos, "log", Map.of());
  }

  private static Router router(String... patterns) {
    List<RouteTable.Route> routes = new ArrayList<>();
    for (String p : patterns) {
      routes.add(route(p));
    }
    return Router.compile(routes);
  }

  private static String matched(Router router, String topic) {
    RouteMatch m = router.match(topic);
    return m == null ? null : m.route().topic();
  }

  @Test
  void literalBeatsSingleLevelBeatsMultiLevelAtEachLevel() {
    Router r = router("a/#", "a/+", "a/b");
    assertThat(matched(r, "a/b")).isEqualTo("a/b");
    assertThat(matched(r, "a/c")).isEqualTo("a/+");
    assertThat(matched(r, "a/c/d")).isEqualTo("a/#");
  }

  @Test
  void theFirstLevelWhereRoutesDifferDecides() {
    Router r = router("+/b/c", "a/+/+");
    assertThat(matched(r, "a/b/c")).as("a literal first level wins although the other has more literals")
        .isEqualTo("a/+/+");
  }

  @Test
  void aLiteralBranchThatFailsDeeperFallsBackToWildcards() {
    Router r = router("a/b/c", "a/+/d", "a/#");
    assertThat(matched(r, "a/b/d")).isEqualTo("a/+/d");
    assertThat(matched(r, "a/b/e")).isEqualTo("a/#");
  }

  @Test
  void equallySpecificRoutesGoToTheOneDeclaredFirst() {
    assertThat(router("a/{x}", "a/+").match("a/1").params()).containsEntry("x", "1");
    assertThat(router("a/+", "a/{x}").match("a/1").params()).isEmpty();
    assertThat(matched(router("a/{rest...}", "a/#"), "a/1/2")).isEqualTo("a/{rest...}");
  }

  @Test
  void multiLevelMatchesZeroOrMoreTrailingLevels() {
    Router r = router("a/#");
    assertThat(matched(r, "a")).isEqualTo("a/#");
    assertThat(matched(r, "a/b/c")).isEqualTo("a/#");
    assertThat(matched(r, "b")).isNull();
    assertThat(router("#").match("x/y/z")).isNotNull();
  }

  @Test
  void aRouteEndingAtTheTopicsEndBeatsAMultiLevelMatchingNothing() {
    assertThat(matched(router("a/#", "a"), "a")).isEqualTo("a");
  }

  @Test
  void capturesOneLevelParamsAndTheTail() {
    RouteMatch m = router("t/{tenant}/d/{id}/{rest...}").match("t/acme/d/42/x/y");
    assertThat(m.params()).containsExactlyInAnyOrderEntriesOf(Map.of("tenant", "acme", "id", "42", "rest", "x/y"));
    assertThat(router("logs/{rest...}").match("logs").params()).containsEntry("rest", "");
    assertThat(router("a/b").match("a/b").params()).isEmpty();
  }

  @Test
  void dollarTopicsAreNotMatchedByALeadingWildcard() {
    Router r = router("#", "+/broker/uptime", "{first}/x");
    assertThat(r.match("$SYS/broker/uptime")).isNull();
    assertThat(r.match("$SYS/x")).isNull();
    assertThat(matched(router("#", "$SYS/#"), "$SYS/broker/uptime")).isEqualTo("$SYS/#");
    assertThat(matched(router("a/+"), "a/$b")).as("only the first level is special").isEqualTo("a/+");
  }

  @Test
  void specialCharactersAreLiterals() {
    Router r = router("a.b/c*d/(e)/[f]/$g", "a+b".replace("+", "x"));
    assertThat(matched(r, "a.b/c*d/(e)/[f]/$g")).isEqualTo("a.b/c*d/(e)/[f]/$g");
    assertThat(r.match("aXb/c*d/(e)/[f]/$g")).isNull();
    assertThat(r.match("a.b/cd/(e)/[f]/$g")).isNull();
  }

  @Test
  void emptyLevelsAreLevels() {
    Router r = router("a/+/b", "/x", "y/");
    assertThat(matched(r, "a//b")).isEqualTo("a/+/b");
    assertThat(matched(r, "/x")).isEqualTo("/x");
    assertThat(matched(r, "y/")).isEqualTo("y/");
    assertThat(r.match("y")).isNull();
    assertThat(r.match("x")).isNull();
  }

  @Test
  void invalidPatternsNameTheRoute() {
    assertThatThrownBy(() -> router("ok", "a/#/b"))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("route 1").hasMessageContaining("'a/#/b'");
    assertThatThrownBy(() -> router("a/{id}/{id}"))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("route 0").hasMessageContaining("twice");
  }

  @Test
  void exactDuplicateRoutesAreRejected() {
    assertThatThrownBy(() -> router("a/{x}", "b", "a/{x}"))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("route 2").hasMessageContaining("route 0");
  }

  @Test
  void subscriptionsAreDistinctFiltersAtTheHighestQos() {
    Router r = Router.compile(List.of(route("a/{x}", 0), route("b/#", 1), route("a/+", 2), route("c", 1)));
    assertThat(r.subscriptions()).containsExactly(
        new Subscription("a/+", 2), new Subscription("b/#", 1), new Subscription("c", 1));
    assertThat(r.size()).isEqualTo(4);
  }

  @Test
  void aTopicOf64KiBIsMatchedAndCaptured() {
    String level = "x".repeat(65_533);
    RouteMatch m = router("a/{id}", "a/#").match("a/" + level);
    assertThat(m.route().topic()).isEqualTo("a/{id}");
    assertThat(m.params()).containsEntry("id", level);
  }

  @Test
  void aTopicOfManyLevelsAgainstShallowRoutesOnlyLooksAsDeepAsTheRoutes() {
    String topic = "a/" + "b/".repeat(30_000) + "c";
    assertThat(matched(router("a/+", "a/#"), topic)).isEqualTo("a/#");
    assertThat(matched(router("a/+"), topic)).isNull();
  }

  // A route of 30000 levels (only a hand-made table has one) made every match overflow the stack: the search
  // recurses once per route level.
  @Test
  void aRouteDeeperThanTheLimitIsRefusedWithAShortMessage() {
    String pattern = "+/".repeat(30_000) + "{rest...}";
    assertThatThrownBy(() -> router("l/#", pattern))
        .isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("route 1 ('+/+/")
        .hasMessageContaining("has 30001 levels; a route has at most 1024: shorten it")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void aRouteAtTheLimitMatchesOnASmallStack() throws Exception {
    String pattern = "+/".repeat(Router.MAX_LEVELS - 1) + "{rest...}";
    String topic = "l/".repeat(Router.MAX_LEVELS - 1) + "x/y";
    Router router = router(pattern);
    RouteMatch[] found = new RouteMatch[1];
    Thread small = new Thread(null, () -> found[0] = router.match(topic), "small-stack", 256 * 1024);
    small.start();
    small.join();
    assertThat(found[0]).isNotNull();
    assertThat(found[0].params()).containsEntry("rest", "x/y");
  }
}
