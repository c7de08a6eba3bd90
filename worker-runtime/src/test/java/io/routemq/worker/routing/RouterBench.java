package io.routemq.worker.routing;

import io.routemq.crds.routetable.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Router throughput on one thread (opt-in: -Pbench). Route tables of n tenants' shapes
 * ({@code tenant/<t>/device/{id}/telemetry}, {@code .../status/+}, {@code tenant/<t>/logs/#}); the topic mix matches
 * mostly, and misses about one topic in six (unknown tenant or kind). Prints
 * {@code BENCH router routes=<n> matches_per_s=<x>} per n and the 10 000-to-10 slowdown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class RouterBench {

  @Param({"10", "100", "1000", "10000"})
  public int routes;

  private Router router;
  private String[] topics;
  private int next;

  @Setup
  public void setUp() {
    int tenants = Math.max(1, routes / 3);
    List<RouteTable.Route> table = new ArrayList<>();
    for (int t = 0; t < tenants && table.size() < routes; t++) {
      table.add(new RouteTable.Route("tenant/t" + t + "/device/{id}/telemetry", 1, "noop", Map.of()));
      if (table.size() < routes) {
        table.add(new RouteTable.Route("tenant/t" + t + "/device/{id}/status/+", 1, "noop", Map.of()));
      }
      if (table.size() < routes) {
        table.add(new RouteTable.Route("tenant/t" + t + "/logs/#", 1, "noop", Map.of()));
      }
    }
    router = Router.compile(table);
    Random random = new Random(42);
    topics = new String[4096];
    for (int i = 0; i < topics.length; i++) {
      int t = random.nextInt(tenants);
      topics[i] = switch (random.nextInt(6)) {
        case 0, 1 -> "tenant/t" + t + "/device/d" + random.nextInt(1000) + "/telemetry";
        case 2 -> "tenant/t" + t + "/device/d" + random.nextInt(1000) + "/status/online";
        case 3 -> "tenant/t" + t + "/logs/app/" + random.nextInt(10);
        case 4 -> "tenant/t" + t + "/device/d" + random.nextInt(1000) + "/telemetry";
        default -> random.nextBoolean() ? "tenant/x" + t + "/device/d1/telemetry" : "tenant/t" + t + "/other/x";
      };
    }
  }

  @Benchmark
  public void match(Blackhole bh) {
    bh.consume(router.match(topics[next++ & (topics.length - 1)]));
  }

  @Test
  void run() throws Exception {
    double ten = 0;
    double tenThousand = 0;
    for (RunResult r : new Runner(new OptionsBuilder().include(RouterBench.class.getSimpleName() + ".match")
        .shouldFailOnError(true).build()).run()) {
      int n = Integer.parseInt(r.getParams().getParam("routes"));
      double perSecond = r.getPrimaryResult().getScore();
      System.out.printf(Locale.ROOT, "BENCH router routes=%d matches_per_s=%.0f%n", n, perSecond);
      ten = n == 10 ? perSecond : ten;
      tenThousand = n == 10000 ? perSecond : tenThousand;
    }
    System.out.printf(Locale.ROOT, "BENCH router ratio_10000_vs_10=%.2f%n", ten / tenThousand);
  }
}
