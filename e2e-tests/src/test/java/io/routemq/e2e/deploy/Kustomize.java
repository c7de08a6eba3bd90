package io.routemq.e2e.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders the kustomizations under deploy/ with the real {@code kubectl kustomize}. Our own reading of them once
 * passed while kubectl 1.32 panicked on one and found a cycle in another: only the real tool proves a kustomization.
 */
public final class Kustomize {
  /** The names kustomize looks for in a folder. */
  private static final Set<String> FILE_NAMES = Set.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  private static final long TIMEOUT_SECONDS = 60;
  /** Each folder is rendered once per test run: several test classes check the same output. */
  private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

  private Kustomize() {}

  /** Every folder under deploy/ holding a kustomization, sorted. */
  static List<Path> folders() throws IOException {
    try (Stream<Path> files = Files.walk(DeployManifestsTest.DEPLOY)) {
      return files.filter(p -> FILE_NAMES.contains(p.getFileName().toString())).map(Path::getParent)
          .sorted().toList();
    }
  }

  /** The objects of deploy/{relative}; "" is deploy/ itself. */
  public static Rendered render(String relative) {
    return render(DeployManifestsTest.DEPLOY.resolve(relative));
  }

  public static Rendered render(Path folder) {
    return CACHE.computeIfAbsent(folder.normalize(), f -> new Rendered(f, parse(run(f))));
  }

  private static String run(Path folder) {
    Process kubectl;
    try {
      kubectl = new ProcessBuilder("kubectl", "kustomize", folder.toString()).start();
    } catch (IOException e) {
      // Fail, never skip: CI installs kubectl, and without it nothing here proves the manifests.
      throw new AssertionError("kubectl is not on PATH (" + e.getMessage() + "): install kubectl 1.32 or newer"
          + " (https://kubernetes.io/docs/tasks/tools/); these tests render deploy/ with its kustomize", e);
    }
    // Both streams are read while kubectl runs, so a full pipe buffer cannot stall it.
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(kubectl.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(kubectl.getErrorStream()));
    try {
      if (!kubectl.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        kubectl.destroyForcibly();
        throw new AssertionError("kubectl kustomize " + folder + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (kubectl.exitValue() != 0) {
        throw new AssertionError("kubectl kustomize " + folder + " failed (exit " + kubectl.exitValue() + "):\n"
            + err.join());
      }
      return out.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kubectl.destroyForcibly();
      throw new AssertionError("interrupted while rendering " + folder, e);
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> parse(String yaml) {
    try {
      return DeployManifestsTest.documents(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("kubectl kustomize printed YAML that does not parse", e);
    }
  }
}
