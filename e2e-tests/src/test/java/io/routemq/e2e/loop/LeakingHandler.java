package io.routemq.e2e.loop;

import io.routemq.worker.handler.HandlerFactory;
import io.routemq.worker.handler.HandlerServices;
import io.routemq.worker.handler.MessageHandler;
import io.routemq.worker.handler.builtin.RepublishHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code leak}, a handler for the memory fault case only (packaged into a handlers jar by {@link HandlerJar}, never
 * shipped): republishes like {@code republish} and keeps {@code leakKiB} of garbage per message forever, as a handler
 * with a cache that never evicts would, until the worker's JVM runs out of heap.
 */
public final class LeakingHandler implements HandlerFactory {
  private static final List<byte[]> KEPT = new CopyOnWriteArrayList<>();

  @Override
  public String type() {
    return "leak";
  }

  @Override
  public MessageHandler create(Map<String, String> config, HandlerServices services) {
    int kib = Integer.parseInt(config.getOrDefault("leakKiB", "64"));
    MessageHandler republish = new RepublishHandler().create(config, services);
    return message -> {
      KEPT.add(new byte[kib * 1024]);
      return republish.handle(message);
    };
  }
}
