package io.routemq.worker.handler.builtin;

import io.routemq.worker.handler.HandlerFactory;
import io.routemq.worker.handler.HandlerServices;
import io.routemq.worker.handler.MessageHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code noop}: succeeds at once. For benchmarks, and with {@code workMillis} for simulated load. */
public final class NoopHandler implements HandlerFactory {

  @Override
  public String type() {
    return "noop";
  }

  @Override
  public MessageHandler create(Map<String, String> config, HandlerServices services) {
    return MessageHandler.nonBlocking(message -> CompletableFuture.completedFuture(null));
  }
}
