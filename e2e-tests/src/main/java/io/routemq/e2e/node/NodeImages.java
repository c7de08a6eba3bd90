package io.routemq.e2e.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's images without a Docker daemon or a registry. {@code build-images.sh} makes the pause image and the
 * Java 17 base (the host's JRE and the libraries it links, no package manager); {@link #build} stacks one of this
 * project's applications on that base as a second layer, with the config its Dockerfile describes, as an OCI archive
 * that {@link RealNode#importImage} takes.
 */
public final class NodeImages {

  /** The Java 17 base image's archive in the images folder. */
  static final String JAVA_BASE = "java17.tar";
  private static final Duration BUILD_BOUND = Duration.ofMinutes(10);

  private NodeImages() {}

  /**
   * The images folder (in the user's cache, outside the repository), after build-images.sh made sure that
   * {@code pause.tar} and {@value #JAVA_BASE} are there; a first build takes a few seconds.
   */
  static Path baseImages(NodeScripts scripts, Path logDir) {
    return Path.of(scripts.run("build-images.sh", List.of(), Map.of(), logDir.resolve("build-images.log"),
        BUILD_BOUND));
  }

  /** The Java 17 base image's archive, built first if needed (build output in {@code logDir}). */
  public static Path javaBase(Path logDir) {
    return baseImages(NodeScripts.locate(), logDir).resolve(JAVA_BASE);
  }

  /**
   * metrics-server's image archive (build-images.sh metrics-server: its static binary, built first by
   * kubernetes/build.sh if needed), for {@link RealNode#importImage}.
   */
  public static Path metricsServer(Path logDir) {
    NodeScripts scripts = NodeScripts.locate();
    Path images = Path.of(scripts.run("build-images.sh", List.of("metrics-server"), Map.of(),
        logDir.resolve("build-images.log"), BUILD_BOUND));
    return images.resolve("metrics-server.tar");
  }

  /** Builds {@code image} on {@code base} into {@code outDir}; returns the archive. */
  public static Path build(AppImage image, Path base, Path outDir) {
    long begin = System.nanoTime();
    OciArchive.Image baseImage = OciArchive.read(base);
    Path archive = outDir.resolve(image.archiveName());
    Path layerFile = outDir.resolve(image.archiveName() + ".layer");
    try {
      Files.createDirectories(outDir);
      OciArchive.Layer app = AppLayer.write(image, layerFile);
      List<OciArchive.Layer> layers = new ArrayList<>(baseImage.copyableLayers());
      layers.add(app);
      OciArchive.write(archive, image.reference(), config(baseImage.config(), image.config(), app.blob()), layers);
      System.out.printf("images: %s (%s) %d MB in %.1f s%n", image.reference(), archive.getFileName(),
          Files.size(archive) >> 20, (System.nanoTime() - begin) / 1e9);
      return archive;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build " + image.reference() + " in " + outDir, e);
    } finally {
      try {
        Files.deleteIfExists(layerFile);
      } catch (IOException ignored) {
        // a stale layer file is overwritten by the next build
      }
    }
  }

  /**
   * The base's config with what the Dockerfile sets on top. As with Docker, an ENTRYPOINT drops the base's CMD (the
   * Java base runs {@code java -version}, which would become the application's arguments).
   */
  static ObjectNode config(ObjectNode baseConfig, ImageConfig set, OciArchive.Blob appLayer) {
    ObjectNode config = baseConfig.deepCopy();
    ObjectNode run = config.has("config") ? (ObjectNode) config.get("config") : config.putObject("config");
    Map<String, String> env = new LinkedHashMap<>();
    run.path("Env").forEach(e -> {
      String[] kv = e.asText().split("=", 2);
      env.put(kv[0], kv.length > 1 ? kv[1] : "");
    });
    env.putAll(set.env());
    ArrayNode envArray = run.putArray("Env");
    env.forEach((k, v) -> envArray.add(k + "=" + v));
    run.put("User", set.user());
    run.put("WorkingDir", set.workingDir());
    ArrayNode entrypoint = run.putArray("Entrypoint");
    set.entrypoint().forEach(entrypoint::add);
    run.remove("Cmd");
    ObjectNode ports = run.putObject("ExposedPorts");
    set.exposedPorts().forEach(p -> ports.putObject(p + "/tcp"));
    ObjectNode rootfs = config.has("rootfs") ? (ObjectNode) config.get("rootfs") : config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.has("diff_ids") ? (ArrayNode) rootfs.get("diff_ids") : rootfs.putArray("diff_ids");
    diffIds.add(appLayer.digest());
    return config;
  }
}
