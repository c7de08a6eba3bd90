package io.routemq.e2e.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * An OCI image layout in a tar file, the form {@code ctr images import} takes: {@code oci-layout}, {@code index.json}
 * naming one manifest, and {@code blobs/sha256/<digest>} for the manifest, the config and the layers. Layers are
 * stored uncompressed (their digest is their diff_id, and an import skips a gunzip). The index names the image with
 * {@code io.containerd.image.name}, which containerd's importer uses, and {@code org.opencontainers.image.ref.name}
 * (the tag), which other tools read.
 */
final class OciArchive {

  static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  /** A content-addressed blob: {@code sha256:<hex>} and its size. */
  record Blob(String digest, long size) {
    String path() {
      return "blobs/sha256/" + digest.substring("sha256:".length());
    }
  }

  /** Something to write as a layer: its blob and how to copy its bytes. */
  record Layer(Blob blob, Copier copier) {}

  @FunctionalInterface
  interface Copier {
    void copyTo(OutputStream out) throws IOException;
  }

  /** The one image of an archive: its config (the whole JSON document) and its layers, base first. */
  record Image(Path archive, ObjectNode config, List<Blob> layers) {

    /** The layers as {@link Layer}s that copy from this archive (opened again for each copy). */
    List<Layer> copyableLayers() {
      return layers.stream().map(blob -> new Layer(blob, out -> {
        try (TarFile tar = new TarFile(archive.toFile())) {
          TarArchiveEntry entry = entries(tar).get(blob.path());
          try (InputStream in = tar.getInputStream(entry)) {
            in.transferTo(out);
          }
        }
      })).toList();
    }
  }

  private OciArchive() {}

  /** Reads the archive's index, its (single) manifest and config. */
  static Image read(Path archive) {
    try (TarFile tar = new TarFile(archive.toFile())) {
      Map<String, TarArchiveEntry> entries = entries(tar);
      JsonNode index = json(tar, entries, "index.json", archive);
      JsonNode manifests = index.path("manifests");
      if (manifests.size() != 1) {
        throw new IllegalStateException(archive + " holds " + manifests.size() + " images; one was expected");
      }
      JsonNode manifest = json(tar, entries, blob(manifests.get(0)).path(), archive);
      ObjectNode config = (ObjectNode) json(tar, entries, blob(manifest.path("config")).path(), archive);
      List<Blob> layers = new ArrayList<>();
      for (JsonNode layer : manifest.path("layers")) {
        if (!LAYER_TYPE.equals(layer.path("mediaType").asText())) {
          throw new IllegalStateException(archive + " has a " + layer.path("mediaType").asText()
              + " layer; only uncompressed layers (" + LAYER_TYPE + ") are stacked here");
        }
        layers.add(blob(layer));
      }
      return new Image(archive, config, layers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OCI archive " + archive, e);
    }
  }

  /** Writes an archive of one image, named {@code reference}, from a config and its layers (base first). */
  static void write(Path out, String reference, ObjectNode config, List<Layer> layers) {
    try {
      byte[] configBytes = JSON.writeValueAsBytes(config);
      Blob configBlob = new Blob(sha256(configBytes), configBytes.length);
      ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST_TYPE);
      manifest.set("config", descriptor(CONFIG_TYPE, configBlob));
      ArrayNode layerArray = manifest.putArray("layers");
      layers.forEach(layer -> layerArray.add(descriptor(LAYER_TYPE, layer.blob())));
      byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
      Blob manifestBlob = new Blob(sha256(manifestBytes), manifestBytes.length);
      ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
      ObjectNode entry = descriptor(MANIFEST_TYPE, manifestBlob);
      entry.putObject("platform").put("architecture", config.path("architecture").asText("amd64"))
          .put("os", config.path("os").asText("linux"));
      entry.putObject("annotations").put("io.containerd.image.name", reference)
          .put("org.opencontainers.image.ref.name", reference.substring(reference.lastIndexOf(':') + 1));
      index.putArray("manifests").add(entry);

      Files.createDirectories(out.toAbsolutePath().getParent());
      Path partial = out.resolveSibling(out.getFileName() + ".partial");
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(partial))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        file(tar, "index.json", JSON.writeValueAsBytes(index));
        file(tar, manifestBlob.path(), manifestBytes);
        file(tar, configBlob.path(), configBytes);
        for (Layer layer : layers) {
          TarArchiveEntry blob = new TarArchiveEntry(layer.blob().path());
          blob.setSize(layer.blob().size());
          tar.putArchiveEntry(blob);
          layer.copier().copyTo(tar);
          tar.closeArchiveEntry();
        }
      }
      Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the OCI archive " + out, e);
    }
  }

  static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(digest().digest(bytes));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Entries by name without a leading {@code ./} (a layout tarred with {@code tar -C dir .} has one). */
  static Map<String, TarArchiveEntry> entries(TarFile tar) {
    return tar.getEntries().stream().collect(Collectors.toMap(
        e -> e.getName().startsWith("./") ? e.getName().substring(2) : e.getName(), Function.identity(),
        (a, b) -> b));
  }

  private static JsonNode json(TarFile tar, Map<String, TarArchiveEntry> entries, String name, Path archive)
      throws IOException {
    TarArchiveEntry entry = entries.get(name);
    if (entry == null) {
      throw new IllegalStateException(archive + " has no " + name + ": not an OCI image layout");
    }
    try (InputStream in = tar.getInputStream(entry)) {
      return JSON.readTree(in);
    }
  }

  private static Blob blob(JsonNode descriptor) {
    return new Blob(descriptor.path("digest").asText(), descriptor.path("size").asLong());
  }

  private static ObjectNode descriptor(String mediaType, Blob blob) {
    return JSON.createObjectNode().put("mediaType", mediaType).put("digest", blob.digest()).put("size", blob.size());
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
