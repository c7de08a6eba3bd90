package io.routemq.operator.metrics;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text, refused past a size limit: a worker's metrics are a few kilobytes, and an
 * endpoint that streams without end (a wrong port, a proxy, a bug) must not fill the operator's heap while the
 * scrape waits for its timeout. Past the limit, or when abandoned, the subscription is cancelled, which closes the
 * connection.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

  /** What the scrape reports when the limit is passed. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException(long limit) {
      super("metrics response over " + limit + " bytes: is the metrics port of the pod the worker's?");
    }
  }

  private final long limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private boolean abandoned;

  BoundedBody(long limit) {
    this.limit = limit;
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (abandoned) {
      s.cancel();
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  /**
   * Stops reading and closes the connection: the scrape has its result (e.g. a timeout) and the body may still be
   * trickling in, or not coming at all, which the client alone would wait for without end.
   */
  synchronized void abandon() {
    abandoned = true;
    if (subscription != null) {
      subscription.cancel();
    }
    result.completeExceptionally(new IllegalStateException("abandoned"));
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (bytes.size() + (long) b.remaining() > limit) {
        subscription.cancel();
        result.completeExceptionally(new TooLargeException(limit));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toString(StandardCharsets.UTF_8));
  }
}
