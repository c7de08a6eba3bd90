package io.routemq.e2e.node;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The layer a Dockerfile's {@code WORKDIR /deployments}, {@code COPY --chown=185:0 ...quarkus-app/...} and
 * {@code RUN mkdir -p /deployments/handlers && chown 185:0 ...} add, as one uncompressed tar: entries in sorted order,
 * folders with a fixed time and files with their own, so an unchanged application gives the same digest (containerd
 * then keeps one copy).
 */
final class AppLayer {

  private static final long FOLDER_MTIME_SECONDS = 0;

  private AppLayer() {}

  /** Writes the layer of {@code image} to {@code file}; returns it as a blob that copies from that file. */
  static OciArchive.Layer write(AppImage image, Path file) {
    Path app = image.quarkusApp();
    if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException("no quarkus-run.jar in " + app + ": package the application first, e.g. "
          + "./mvnw -B -pl worker-runtime,operator -am package -DskipTests");
    }
    MessageDigest sha = OciArchive.digest();
    try (OutputStream raw = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(raw, sha))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      String root = AppImage.DEPLOYMENTS.substring(1);
      // WORKDIR makes the folder as root; what COPY and RUN put in it belongs to 185:0.
      directory(tar, root + "/", 0, 0, 0755);
      try (Stream<Path> top = Files.list(app)) {
        for (Path jar : top.filter(AppLayer::topLevelFile).sorted().toList()) {
          file(tar, jar, root + "/" + jar.getFileName());
        }
      }
      for (String folder : AppImage.APP_FOLDERS) {
        Path source = app.resolve(folder);
        if (!Files.isDirectory(source)) {
          throw new IllegalStateException("no " + folder + "/ in " + app + ": not a Quarkus fast-jar application");
        }
        try (Stream<Path> tree = Files.walk(source)) {
          for (Path path : tree.sorted().toList()) {
            String name = root + "/" + app.relativize(path).toString().replace('\\', '/');
            if (Files.isDirectory(path)) {
              directory(tar, name + "/", AppImage.OWNER_UID, AppImage.OWNER_GID, mode(path));
            } else {
              file(tar, path, name);
            }
          }
        }
      }
      for (String dir : image.emptyDirs()) {
        directory(tar, dir.substring(1) + "/", AppImage.OWNER_UID, AppImage.OWNER_GID, 0755);
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the layer " + file, e);
    }
    try {
      OciArchive.Blob blob = new OciArchive.Blob("sha256:" + HexFormat.of().formatHex(sha.digest()), Files.size(file));
      return new OciArchive.Layer(blob, out -> Files.copy(file, out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** quarkus-run.jar and the class-data archive, as the Dockerfile's COPY lines of the top folder take them. */
  private static boolean topLevelFile(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".jar") || name.equals(AppImage.CDS_ARCHIVE);
  }

  private static void directory(TarArchiveOutputStream tar, String name, int uid, int gid, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_DIR);
    owned(entry, uid, gid, TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
    entry.setModTime(FOLDER_MTIME_SECONDS * 1000);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, Path source, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(source));
    owned(entry, AppImage.OWNER_UID, AppImage.OWNER_GID, TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode(source));
    // Files keep their times, as Docker's COPY keeps them: the JVM uses a class-data archive only while the jars of
    // its class path have the times they had when it was made.
    entry.setModTime(Files.getLastModifiedTime(source).toMillis());
    tar.putArchiveEntry(entry);
    Files.copy(source, tar);
    tar.closeArchiveEntry();
  }

  private static void owned(TarArchiveEntry entry, int uid, int gid, int mode) {
    entry.setUserId(uid);
    entry.setGroupId(gid);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setMode(mode);
  }

  private static int mode(Path path) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
    int mode = 0;
    for (PosixFilePermission p : List.of(PosixFilePermission.values())) {
      if (perms.contains(p)) {
        mode |= 0400 >> p.ordinal();
      }
    }
    return mode;
  }
}
