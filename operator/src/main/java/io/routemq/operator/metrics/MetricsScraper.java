package io.routemq.operator.metrics;

import io.routemq.crds.routetable.WorkerContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads every pod's {@link WorkerContract#METRICS_PATH} in parallel with a short timeout, so one hung worker costs
 * the interval at most one timeout and never delays the others.
 */
public final class MetricsScraper {
  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private final PrometheusTextParser parser = new PrometheusTextParser();

  public MetricsScraper(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Scrapes all endpoints; returns one result per endpoint, in order, within about one timeout. */
  public List<ScrapeResult> scrape(List<PodEndpoint> endpoints) {
    List<CompletableFuture<ScrapeResult>> futures = new ArrayList<>();
    for (PodEndpoint e : endpoints) {
      HttpRequest request = HttpRequest.newBuilder(metricsUri(e))
          .timeout(timeout).header("Accept", "text/plain").GET().build();
      futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> toResult(e, r))
          .completeOnTimeout(failed(e, "timeout after " + timeout.toMillis() + " ms"),
              timeout.toMillis() + 100, TimeUnit.MILLISECONDS)
          .exceptionally(t -> failed(e, describe(t))));
    }
    List<ScrapeResult> out = new ArrayList<>();
    for (CompletableFuture<ScrapeResult> f : futures) {
      out.add(f.join());
    }
    return out;
  }

  /** The base address plus the metrics path, keeping any path prefix of the base. */
  static URI metricsUri(PodEndpoint e) {
    String base = e.baseUri().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + WorkerContract.METRICS_PATH);
  }

  private ScrapeResult toResult(PodEndpoint e, HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      return failed(e, "HTTP " + r.statusCode());
    }
    return new ScrapeResult(e, clock.instant(), WorkerCounters.from(parser.parse(r.body())), null);
  }

  private ScrapeResult failed(PodEndpoint e, String why) {
    return new ScrapeResult(e, clock.instant(), null, why);
  }

  private static String describe(Throwable t) {
    Throwable c = t.getCause() != null ? t.getCause() : t;
    return c.getClass().getSimpleName() + (c.getMessage() != null ? ": " + c.getMessage() : "");
  }
}
