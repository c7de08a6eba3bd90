package io.routemq.worker.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The handler types this worker has: the built-ins and whatever {@link HandlerFactory} implementations the classpath
 * and the optional handlers directory provide. Every handler honours the optional {@code workMillis} setting, which
 * adds that much simulated work to each message (used to give test fleets a known capacity).
 */
public final class HandlerCatalog {

  private final Map<String, HandlerFactory> factories;

  private HandlerCatalog(Map<String, HandlerFactory> factories) {
    this.factories = factories;
  }

  /** The built-ins and the classpath's handlers, plus the jars in {@code handlersDir} if given. */
  public static HandlerCatalog load(Optional<Path> handlersDir) {
    ClassLoader loader = handlersDir.map(HandlerCatalog::jarLoader)
        .orElse(Thread.currentThread().getContextClassLoader());
    Map<String, HandlerFactory> factories = new TreeMap<>();
    for (HandlerFactory f : ServiceLoader.load(HandlerFactory.class, loader)) {
      HandlerFactory earlier = factories.putIfAbsent(f.type(), f);
      if (earlier != null && earlier.getClass() != f.getClass()) {
        throw new IllegalStateException("two handlers are named " + f.type() + ": " + earlier.getClass().getName()
            + " and " + f.getClass().getName() + "; remove one jar");
      }
    }
    return new HandlerCatalog(factories);
  }

  private static ClassLoader jarLoader(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("handlers directory " + dir + " does not exist");
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(p.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list handlers directory " + dir, e);
    }
    return new URLClassLoader(jars.toArray(new URL[0]), HandlerCatalog.class.getClassLoader());
  }

  public Set<String> types() {
    return factories.keySet();
  }

  /**
   * The handler of one route.
   *
   * @throws IllegalArgumentException for an unknown type or unusable settings
   */
  public MessageHandler create(String type, Map<String, String> config, HandlerServices services) {
    HandlerFactory factory = factories.get(type);
    if (factory == null) {
      throw new IllegalArgumentException("no handler named " + type + " in this worker image (it has "
          + String.join(", ", factories.keySet()) + ")");
    }
    MessageHandler handler = factory.create(config, services);
    if (config.get("workMillis") == null) {
      return handler;
    }
    long millis = new HandlerSettings(type, config).number("workMillis", 0, 0, 3_600_000);
    // Simulated work: the handler thread is busy for that long, as a CPU- or IO-bound handler would be.
    return message -> {
      Thread.sleep(millis);
      return handler.handle(message);
    };
  }

  /** For handlers that do not publish. */
  public static final HandlerServices NO_SERVICES = (topic, payload, qos, retain, props) ->
      CompletableFuture.failedFuture(new UnsupportedOperationException("publishing is not available here"));
}
