package io.routemq.e2e.node;

import io.routemq.e2e.kube.KubeComponents;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shell scripts of {@value #FOLDER} (start-node.sh, stop-node.sh, build-images.sh), run as processes with an
 * environment from Java. They stay the one mechanism: a person trying the node by hand runs the same steps.
 */
final class NodeScripts {

  static final String FOLDER = "e2e-tests/node";
  private static final int LOG_TAIL_BYTES = 3000;

  private final Path folder;

  private NodeScripts(Path folder) {
    this.folder = folder;
  }

  /** The scripts of the repository the working directory is in. */
  static NodeScripts locate() {
    Path cwd = Path.of("").toAbsolutePath();
    Path root = KubeComponents.repoRoot(cwd).orElseThrow(() -> new IllegalStateException(
        "cannot find " + FOLDER + " above " + cwd + ": run from inside the repository"));
    return new NodeScripts(root.resolve(FOLDER));
  }

  Path folder() {
    return folder;
  }

  /**
   * Runs {@code script} with {@code env} added to ours, appending its output (stdout and stderr) to {@code log};
   * returns the last line of that run's output. Fails with the end of the log when it exits non-zero or overruns.
   */
  String run(String script, List<String> args, Map<String, String> env, Path log, Duration bound) {
    List<String> command = new ArrayList<>(List.of("bash", folder.resolve(script).toString()));
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "=== " + Instant.now() + " " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      long before = Files.size(log);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(script + " did not finish within " + bound.toSeconds() + " s; " + log
            + " ends with:\n" + tail(log, before));
      }
      String output = tail(log, before);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "); " + log
            + " ends with:\n" + output);
      }
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1].strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  /** What the log got since {@code from}, at most its last few KB. */
  private static String tail(Path log, long from) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(from, file.length() - LOG_TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
