package io.routemq.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images built without Docker agree with deploy/images/*.Dockerfile, which stay for users with Docker: user,
 * working directory, entrypoint, environment and exposed port in the config; every COPY --chown and RUN mkdir/chown
 * in the application layer, with its owner; the base's layers kept and its CMD dropped (as an ENTRYPOINT does).
 */
class AppImageTest {

  @TempDir Path dir;
  private Path app;
  private Path base;

  @BeforeEach
  void fakeApplicationAndBase() throws IOException {
    // A Quarkus fast-jar layout in miniature: what `package` writes to target/quarkus-app.
    app = dir.resolve("quarkus-app");
    for (String file : List.of("quarkus-run.jar", "app-cds.jsa", "lib/boot/boot.jar", "lib/main/dep.jar",
        "app/app.jar", "quarkus/generated-bytecode.jar", "quarkus/quarkus-application.dat",
        "quarkus-app-dependencies.txt")) {
      Files.createDirectories(app.resolve(file).getParent());
      Files.writeString(app.resolve(file), file);
    }
    base = dir.resolve("base.tar");
    ObjectNode config = (ObjectNode) OciArchive.JSON.readTree("{\"architecture\":\"amd64\",\"os\":\"linux\","
        + "\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\",\"LANG=C.UTF-8\"],\"Cmd\":[\"java\",\"-version\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    byte[] layer = tar(Map.of("usr/bin/java", "not really java"));
    OciArchive.Blob blob = new OciArchive.Blob(OciArchive.sha256(layer), layer.length);
    ((com.fasterxml.jackson.databind.node.ArrayNode) config.path("rootfs").path("diff_ids")).add(blob.digest());
    OciArchive.write(base, "routemq.local/java17:1", config,
        List.of(new OciArchive.Layer(blob, out -> out.write(layer))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"worker", "operator"})
  void imageConfigAndLayerAgreeWithTheDockerfile(String which) throws Exception {
    Dockerfile docker = Dockerfile.parse(deployDir().resolve("images/" + which + ".Dockerfile"));
    AppImage image = which.equals("worker") ? AppImage.worker(app) : AppImage.operator(app);

    Path archive = NodeImages.build(image, base, dir.resolve("out"));

    OciArchive.Image built = OciArchive.read(archive);
    JsonNode config = built.config().path("config");
    assertThat(config.path("User").asText()).isEqualTo(docker.user());
    assertThat(config.path("WorkingDir").asText()).isEqualTo(docker.workdir());
    assertThat(strings(config.path("Entrypoint"))).isEqualTo(docker.entrypoint());
    assertThat(config.has("Cmd")).as("the base's CMD is dropped by the ENTRYPOINT").isFalse();
    assertThat(strings(config.path("Env"))).contains("PATH=/usr/bin:/bin", "LANG=C.UTF-8");
    docker.env().forEach((k, v) -> assertThat(strings(config.path("Env"))).contains(k + "=" + v));
    assertThat(config.path("ExposedPorts").fieldNames()).toIterable()
        .containsExactlyElementsOf(docker.exposedPorts().stream().map(p -> p + "/tcp").toList());

    // Base layer first and unchanged, then the application; the diff_ids follow the layers.
    OciArchive.Image baseImage = OciArchive.read(base);
    assertThat(built.layers()).hasSize(2).first().isEqualTo(baseImage.layers().get(0));
    assertThat(strings(built.config().path("rootfs").path("diff_ids")))
        .isEqualTo(built.layers().stream().map(OciArchive.Blob::digest).toList());

    Map<String, TarArchiveEntry> layer = layerEntries(built);
    for (Dockerfile.Copy copy : docker.copies()) {
      // COPY <module>/target/quarkus-app/lib/ /deployments/lib/  and  .../*.jar /deployments/
      String source = copy.source().substring(copy.source().indexOf("quarkus-app/") + "quarkus-app/".length());
      String dest = copy.dest().substring(1);
      List<String> expected = source.endsWith("/") ? List.of(dest)
          : List.of(dest + (source.equals("*.jar") ? "quarkus-run.jar" : source));
      for (String name : expected) {
        assertThat(layer).as("%s in the layer", name).containsKey(name);
        assertThat(layer.get(name).getLongUserId()).as("owner of %s", name).isEqualTo(copy.uid());
        assertThat(layer.get(name).getLongGroupId()).as("group of %s", name).isEqualTo(copy.gid());
      }
    }
    assertThat(layer).containsKeys("deployments/lib/main/dep.jar", "deployments/quarkus/quarkus-application.dat")
        .doesNotContainKey("deployments/quarkus-app-dependencies.txt");
    assertThat(layer.get("deployments/lib/main/dep.jar").getLongUserId()).isEqualTo(AppImage.OWNER_UID);
    for (Dockerfile.Owned made : docker.createdDirs()) {
      TarArchiveEntry entry = layer.get(made.path().substring(1) + "/");
      assertThat(entry).as("%s made by RUN", made.path()).isNotNull();
      assertThat(entry.isDirectory()).isTrue();
      assertThat(entry.getLongUserId()).isEqualTo(made.uid());
      assertThat(entry.getLongGroupId()).isEqualTo(made.gid());
    }
    assertThat(docker.createdDirs().stream().map(Dockerfile.Owned::path).toList())
        .isEqualTo(image.emptyDirs());
    assertThat(layer.get("deployments/")).as("WORKDIR").isNotNull();
  }

  @org.junit.jupiter.api.Test
  void theJarsKeepTheirTimesSoTheClassDataArchiveStaysValid() throws Exception {
    java.nio.file.attribute.FileTime built = java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(app.resolve("quarkus-run.jar"), built);
    Files.setLastModifiedTime(app.resolve("lib/boot/boot.jar"), built);

    Map<String, TarArchiveEntry> layer = layerEntries(OciArchive.read(NodeImages.build(AppImage.worker(app), base,
        dir.resolve("out"))));

    assertThat(layer.get("deployments/quarkus-run.jar").getModTime().getTime()).isEqualTo(built.toMillis());
    assertThat(layer.get("deployments/lib/boot/boot.jar").getModTime().getTime()).isEqualTo(built.toMillis());
    assertThat(layer).containsKey("deployments/" + AppImage.CDS_ARCHIVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"worker", "operator"})
  void anUnchangedApplicationGivesTheSameLayer(String which) {
    AppImage image = which.equals("worker") ? AppImage.worker(app) : AppImage.operator(app);

    OciArchive.Blob first = last(OciArchive.read(NodeImages.build(image, base, dir.resolve("a"))));
    OciArchive.Blob second = last(OciArchive.read(NodeImages.build(image, base, dir.resolve("b"))));

    assertThat(second).isEqualTo(first);
  }

  private static OciArchive.Blob last(OciArchive.Image image) {
    return image.layers().get(image.layers().size() - 1);
  }

  private static Map<String, TarArchiveEntry> layerEntries(OciArchive.Image image) throws IOException {
    List<OciArchive.Layer> layers = image.copyableLayers();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    layers.get(layers.size() - 1).copier().copyTo(bytes);
    Map<String, TarArchiveEntry> entries = new HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), e);
      }
    }
    return entries;
  }

  private static byte[] tar(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] content = file.getValue().getBytes();
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Path deployDir() {
    return Path.of(System.getProperty("routemq.deploy.dir", "../deploy"));
  }
}
