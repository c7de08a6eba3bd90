package io.routemq.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.routemq.crds.routetable.WorkerContract;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scrapes real HTTP endpoints on 127.0.0.1: healthy, failing and hung workers. */
class MetricsScraperTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch endlessClosed = new CountDownLatch(1);
  private final CountDownLatch trickleClosed = new CountDownLatch(1);
  private final AtomicLong endlessBytes = new AtomicLong();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/ok" + WorkerContract.METRICS_PATH, x -> reply(x, 200, PrometheusTextParserTest.WORKER));
    server.createContext("/broken" + WorkerContract.METRICS_PATH, x -> reply(x, 500, "oops"));
    server.createContext("/hung" + WorkerContract.METRICS_PATH, x -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(x, 200, "");
    });
    server.createContext("/garbage" + WorkerContract.METRICS_PATH,
        x -> reply(x, 200, "<html><body>502 Bad Gateway</body></html>\n\u0000\uFFFD{{{ 12\n"));
    server.createContext("/endless" + WorkerContract.METRICS_PATH, x -> {
      x.sendResponseHeaders(200, 0);
      byte[] line = "routemq_in_flight 1\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
      try (OutputStream os = x.getResponseBody()) {
        while (true) {
          os.write(line);
          endlessBytes.addAndGet(line.length);
        }
      } catch (IOException closedByTheScraper) {
        endlessClosed.countDown();
      }
    });
    server.createContext("/trickle" + WorkerContract.METRICS_PATH, x -> {
      x.sendResponseHeaders(200, 0);
      try (OutputStream os = x.getResponseBody()) {
        while (true) {
          os.write("routemq_in_flight 1\n".getBytes(StandardCharsets.UTF_8));
          os.flush();
          Thread.sleep(50);
        }
      } catch (IOException closedByTheScraper) {
        trickleClosed.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream os = x.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Test
  void scrapesHealthyFailingAndHungWorkersInParallelWithinTheTimeout() {
    MetricsScraper scraper = new MetricsScraper(Clock.systemUTC(), Duration.ofMillis(500));
    List<PodEndpoint> pods = List.of(
        PodEndpoint.of("ok", base + "/ok/"),
        PodEndpoint.of("hung-1", base + "/hung/"),
        PodEndpoint.of("hung-2", base + "/hung/"),
        PodEndpoint.of("hung-3", base + "/hung/"),
        PodEndpoint.of("broken", base + "/broken/"),
        PodEndpoint.of("closed", "http://127.0.0.1:1/"));

    long start = System.nanoTime();
    List<ScrapeResult> results = scraper.scrape(pods);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(results).extracting(r -> r.endpoint().pod())
        .containsExactly("ok", "hung-1", "hung-2", "hung-3", "broken", "closed");
    assertThat(results.get(0).ok()).isTrue();
    assertThat(results.get(0).counters().processed()).isEqualTo(1390.0);
    assertThat(results.subList(1, 4)).allSatisfy(r -> {
      assertThat(r.ok()).isFalse();
      assertThat(r.error()).containsIgnoringCase("timeout");
    });
    assertThat(results.get(4).error()).isEqualTo("HTTP 500");
    assertThat(results.get(5).ok()).isFalse();
    // Three hung workers scraped one after another would take at least 1.5 s.
    assertThat(took).isLessThan(Duration.ofMillis(1400));
  }

  @Test
  void anEndlessBodyIsCutAtTheLimitAndItsConnectionClosed() throws InterruptedException {
    MetricsScraper scraper = new MetricsScraper(Clock.systemUTC(), Duration.ofSeconds(20));

    ScrapeResult result = scraper.scrape(List.of(PodEndpoint.of("endless", base + "/endless/"))).get(0);

    assertThat(result.ok()).isFalse();
    assertThat(result.error()).isEqualTo("metrics response over 4194304 bytes: is the metrics port of the pod the"
        + " worker's?");
    assertThat(endlessClosed.await(10, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
    assertThat(endlessBytes.get()).isLessThan(64L << 20);
  }

  // Before: the scrape reported the timeout but the connection stayed open, reading on; cancelling the
  // sendAsync future did not close it.
  @Test
  void aBodyThatTricklesPastTheTimeoutIsATimeoutAndItsConnectionClosed() throws InterruptedException {
    MetricsScraper scraper = new MetricsScraper(Clock.systemUTC(), Duration.ofMillis(500));

    ScrapeResult result = scraper.scrape(List.of(PodEndpoint.of("trickle", base + "/trickle/"))).get(0);

    assertThat(result.ok()).isFalse();
    assertThat(result.error()).containsIgnoringCase("timeout");
    assertThat(trickleClosed.await(10, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
  }

  @Test
  void aPageThatIsNotAWorkersIsAFailedScrapeNotCountersAtZero() {
    MetricsScraper scraper = new MetricsScraper(Clock.systemUTC(), Duration.ofSeconds(5));

    ScrapeResult result = scraper.scrape(List.of(PodEndpoint.of("garbage", base + "/garbage/"))).get(0);

    assertThat(result.ok()).isFalse();
    assertThat(result.counters()).isNull();
    assertThat(result.error()).isEqualTo("no routemq_in_flight in the response (0 samples parsed): not a RouteMQ"
        + " worker's metrics page");
  }

  @Test
  void collectorTurnsTwoScrapesIntoSamplesAndReportsFailures() {
    io.routemq.operator.autoscaling.GroupKey key = new io.routemq.operator.autoscaling.GroupKey("ns", "c", "g");
    WorkerMetricsCollector collector =
        new WorkerMetricsCollector(new MetricsScraper(Clock.systemUTC(), Duration.ofMillis(500)));
    List<PodEndpoint> pods = List.of(PodEndpoint.of("ok", base + "/ok"), PodEndpoint.of("broken", base + "/broken"));

    WorkerMetricsCollector.Collection first = collector.collect(key, pods);
    WorkerMetricsCollector.Collection second = collector.collect(key, pods);

    assertThat(first.samples()).isEmpty();
    assertThat(second.samples()).extracting(io.routemq.operator.autoscaling.WorkerSample::pod).containsExactly("ok");
    // The fixture's counters do not move: a worker that did nothing between scrapes.
    assertThat(second.samples().get(0).processedPerSecond()).isZero();
    assertThat(second.failures()).extracting(r -> r.endpoint().pod()).containsExactly("broken");
  }

  @Test
  void groupInputsCombineWorkerSamplesAndTheBacklogSource() {
    io.routemq.operator.autoscaling.GroupKey key = new io.routemq.operator.autoscaling.GroupKey("ns", "c", "g");
    GroupInputsCollector inputs = new GroupInputsCollector(
        new WorkerMetricsCollector(new MetricsScraper(Clock.systemUTC(), Duration.ofMillis(500))), Clock.systemUTC());
    List<PodEndpoint> pods = List.of(PodEndpoint.of("ok", base + "/ok"));
    java.util.concurrent.atomic.AtomicLong arrivals = new java.util.concurrent.atomic.AtomicLong();
    ArrivalSamplerProbe probe = new ArrivalSamplerProbe(arrivals::get);

    inputs.collect(key, pods, probe);
    GroupInputsCollector.Inputs second = inputs.collect(key, pods, probe);

    assertThat(second.samples()).hasSize(1);
    assertThat(second.failures()).isEmpty();
    assertThat(second.backlog().source())
        .isEqualTo(io.routemq.operator.autoscaling.BacklogReading.Source.ARRIVAL_SAMPLER);
    // Nothing arrived, but the worker holds 12 in flight + 4 queued: the estimate does not go below that.
    assertThat(second.backlog().backlog()).hasValue(16);
  }
}
