package io.routemq.worker.handler;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What the worker offers its handlers. */
public interface HandlerServices {

  /**
   * Publishes through the worker's own broker connection; completes when the broker acknowledged it (QoS 1/2) or
   * it was sent (QoS 0).
   *
   * @param userProperties sent as MQTT 5 user properties (ignored on MQTT 3.1.1)
   */
  CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain,
      Map<String, String> userProperties);
}
