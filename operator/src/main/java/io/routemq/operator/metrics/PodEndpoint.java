package io.routemq.operator.metrics;

import java.net.URI;

/** A ready worker pod and its metrics base address, e.g. {@code http://10.0.0.7:8080}; given by the caller. */
public record PodEndpoint(String pod, URI baseUri) {

  public static PodEndpoint of(String pod, String baseUri) {
    return new PodEndpoint(pod, URI.create(baseUri));
  }
}
