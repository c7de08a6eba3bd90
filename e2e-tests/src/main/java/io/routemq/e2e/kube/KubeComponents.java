package io.routemq.e2e.kube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the Kubernetes binaries built from source (etcd, kube-apiserver, …) are, building them on first use. */
public final class KubeComponents {

  /** System property naming a folder that already holds the binaries (wins over the environment variable). */
  public static final String PROPERTY = "routemq.kube.bin";
  /** Environment variable naming a folder that already holds the binaries. */
  public static final String ENV = "ROUTEMQ_KUBE_BIN";
  static final String BUILD_SCRIPT = "e2e-tests/kubernetes/build.sh";

  private final Path folder;

  private KubeComponents(Path folder) {
    this.folder = folder;
  }

  /** The folder from {@value #PROPERTY} or {@value #ENV}, else what {@value #BUILD_SCRIPT} builds or has cached. */
  public static KubeComponents locate() {
    return locate(List.of());
  }

  /**
   * As {@link #locate()}, building only {@code components} (e.g. {@code kubelet}) when none is configured; the build
   * script keeps every component of one release in one cache folder, so the folder also holds what was built before.
   */
  public static KubeComponents locate(List<String> components) {
    Optional<Path> configured = configured(System.getProperty(PROPERTY), System.getenv(ENV));
    if (configured.isPresent()) {
      return new KubeComponents(configured.get());
    }
    Path script = repoRoot(Path.of("").toAbsolutePath())
        .orElseThrow(() -> new IllegalStateException("cannot find " + BUILD_SCRIPT + " above "
            + Path.of("").toAbsolutePath() + "; set -D" + PROPERTY + " or " + ENV
            + " to a folder holding etcd, kube-apiserver, kube-controller-manager and kube-scheduler"))
        .resolve(BUILD_SCRIPT);
    return new KubeComponents(build(script, components));
  }

  /**
   * A test tool the build script makes in a cache folder of its own ({@code kstatus}): built on first use, then
   * found there. Not looked for in a configured components folder, which holds only the cluster's binaries.
   */
  public static Path tool(String name) {
    Path script = repoRoot(Path.of("").toAbsolutePath())
        .orElseThrow(() -> new IllegalStateException("cannot find " + BUILD_SCRIPT + " above "
            + Path.of("").toAbsolutePath() + " to build " + name))
        .resolve(BUILD_SCRIPT);
    return in(build(script, List.of(name))).binary(name);
  }

  /** A folder given directly (tests, or a caller that built the binaries elsewhere). */
  public static KubeComponents in(Path folder) {
    return new KubeComponents(folder);
  }

  static Optional<Path> configured(String property, String env) {
    for (String value : new String[] {property, env}) {
      if (value != null && !value.isBlank()) {
        return Optional.of(Path.of(value.trim()));
      }
    }
    return Optional.empty();
  }

  /** The nearest folder at or above {@code start} that holds the build script, i.e. the repository's root. */
  public static Optional<Path> repoRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(BUILD_SCRIPT))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs the build script, passing its progress (stderr) through to ours: a first build takes minutes and should
   * not look like a hang. The script prints the cache folder as the last line of stdout.
   */
  private static Path build(Path script, List<String> components) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(components);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = builder.start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      }
      int exit = process.waitFor();
      if (exit != 0 || lines.isEmpty()) {
        throw new IllegalStateException("building the Kubernetes components failed (exit " + exit + "): run "
            + script + " to see why");
      }
      return Path.of(lines.get(lines.size() - 1).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the Kubernetes components", e);
    }
  }

  public Path folder() {
    return folder;
  }

  /** The executable named {@code name}, or an error that says how to build it. */
  public Path binary(String name) {
    Path binary = folder.resolve(name);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("no executable " + name + " in " + folder + ": build it with `"
          + BUILD_SCRIPT + " " + name + "` (from the repository's root), or point -D" + PROPERTY + " or " + ENV
          + " at a folder that has it");
    }
    return binary;
  }
}
