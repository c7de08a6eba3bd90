package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.Supplier;

/**
 * Retries an edit that a real API server refused with 409 Conflict: an edit carries the resourceVersion it read, and
 * controllers write the same objects (the node lifecycle controller the Node, the scheduler a Pod's conditions).
 */
final class OnConflict {
  private static final int ATTEMPTS = 5;

  private OnConflict() {}

  static <T> T retry(Supplier<T> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return edit.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
