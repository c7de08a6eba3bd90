package io.routemq.e2e.loop;

import io.routemq.worker.handler.HandlerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Packages one test handler as a worker image would carry a custom one: a jar in {@code ROUTEMQ_HANDLERS_DIR} with
 * the class and its {@code META-INF/services} entry.
 */
final class HandlerJar {
  private HandlerJar() {}

  /** Writes {@code <dir>/<simple name>.jar} holding {@code handler}; returns the directory. */
  static Path write(Path dir, Class<? extends HandlerFactory> handler) throws IOException {
    Files.createDirectories(dir);
    String resource = handler.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(dir.resolve(handler.getSimpleName() + ".jar"));
        JarOutputStream jar = new JarOutputStream(file);
        InputStream bytes = handler.getClassLoader().getResourceAsStream(resource)) {
      if (bytes == null) {
        throw new IOException(resource + " not found on the test class path");
      }
      jar.putNextEntry(new JarEntry(resource));
      bytes.transferTo(jar);
      jar.closeEntry();
      jar.putNextEntry(new JarEntry("META-INF/services/" + HandlerFactory.class.getName()));
      jar.write((handler.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return dir;
  }
}
