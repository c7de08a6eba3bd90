package io.routemq.worker.handler.builtin;

import io.routemq.worker.handler.HandlerFactory;
import io.routemq.worker.handler.HandlerServices;
import io.routemq.worker.handler.HandlerSettings;
import io.routemq.worker.handler.MessageHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code http}: POSTs the payload to {@code url} with a {@code timeoutMillis} (default 5000); any answer but 2xx is a
 * failure. Headers {@code X-RouteMQ-Topic} and one {@code X-RouteMQ-Param-<name>} per parameter go along.
 */
public final class HttpHandler implements HandlerFactory {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public String type() {
    return "http";
  }

  @Override
  public MessageHandler create(Map<String, String> config, HandlerServices services) {
    String url = config.get("url");
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException("http needs config.url, an http:// or https:// URL");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("http config.url is not a URL: " + e.getMessage());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("http config.url needs a host, e.g. http://ingest:8080/messages, not \""
          + url + "\"");
    }
    // HttpRequest refuses a zero or negative timeout on every message; an hour is longer than any sane request.
    Duration timeout = Duration.ofMillis(new HandlerSettings("http", config).number("timeoutMillis", 5000, 1,
        3_600_000));
    String contentType = config.getOrDefault("contentType", "application/octet-stream");
    return message -> {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", contentType)
          .header("X-RouteMQ-Topic", message.topic())
          .POST(HttpRequest.BodyPublishers.ofByteArray(message.payload()));
      message.params().forEach((k, v) -> request.header("X-RouteMQ-Param-" + k, v));
      return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
        if (response.statusCode() / 100 != 2) {
          throw new IllegalStateException("POST " + uri + " answered " + response.statusCode());
        }
      });
    };
  }
}
