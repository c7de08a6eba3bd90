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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads every pod's {@link WorkerContract#METRICS_PATH} in parallel with a short timeout, so one hung worker costs
 * the interval at most one timeout and never delays the others.
 */
public final class MetricsScraper {
  /** A worker's metrics are a few kilobytes; anything near this is not a worker talking. */
  static final long MAX_BODY_BYTES = 4L << 20;
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
      AtomicReference<BoundedBody> body = new AtomicReference<>();
      CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request, info -> {
        BoundedBody b = new BoundedBody(MAX_BODY_BYTES);
        body.set(b);
        return b;
      });
      CompletableFuture<ScrapeResult> result = sent
          .thenApply(r -> toResult(e, r))
          .completeOnTimeout(failed(e, "timeout after " + timeout.toMillis() + " ms"),
              timeout.toMillis() + 100, TimeUnit.MILLISECONDS)
          .exceptionally(t -> failed(e, describe(t)));
      // The request timeout covers the headers only: a body that trickles on, or stops after the headers, would
      // keep its connection (and what it read) past the scrape, one more every interval. Once the result is in,
      // the body is abandoned, which closes it (cancelling the future alone does not).
      result.whenComplete((r, t) -> {
        sent.cancel(true);
        BoundedBody b = body.get();
        if (b != null) {
          b.abandon();
        }
      });
      futures.add(result);
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
    List<MetricSample> samples = parser.parse(r.body());
    // Garbage parses to no samples, which would read as every counter reset to zero and skew the rates: a page
    // without the gauge every worker always exports is not a worker's, and counts as a failed scrape.
    if (samples.stream().noneMatch(s -> s.name().equals(WorkerContract.METRIC_IN_FLIGHT))) {
      return failed(e, "no " + WorkerContract.METRIC_IN_FLIGHT + " in the response (" + samples.size()
          + " samples parsed): not a RouteMQ worker's metrics page");
    }
    return new ScrapeResult(e, clock.instant(), WorkerCounters.from(samples), null);
  }

  private ScrapeResult failed(PodEndpoint e, String why) {
    return new ScrapeResult(e, clock.instant(), null, why);
  }

  private static String describe(Throwable t) {
    Throwable c = t.getCause() != null ? t.getCause() : t;
    if (c instanceof BoundedBody.TooLargeException) {
      return c.getMessage();
    }
    return c.getClass().getSimpleName() + (c.getMessage() != null ? ": " + c.getMessage() : "");
  }
}
