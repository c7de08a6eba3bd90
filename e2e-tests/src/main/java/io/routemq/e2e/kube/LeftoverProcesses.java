package io.routemq.e2e.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The PIDs of a control plane's components, kept in a file in its work folder. A JVM killed with SIGKILL runs no
 * shutdown hook and leaves its components running; the next start in the same folder reads the file and kills
 * those that are still the same binaries, before it wipes the etcd data they may still be writing.
 */
final class LeftoverProcesses {

  private final Path file;

  LeftoverProcesses(Path file) {
    this.file = file;
  }

  /** Kills (SIGKILL) every recorded process that still runs the recorded binary; returns how many. */
  int killRecorded() {
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    int killed = 0;
    for (String line : read()) {
      String[] fields = line.split(" ", 2);
      if (fields.length < 2) {
        continue;
      }
      long pid = Long.parseLong(fields[0]);
      String binary = fields[1];
      // A PID may have been reused by an unrelated process since: kill only one running the same binary.
      boolean same = ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(binary::equals).orElse(false)).isPresent();
      if (same) {
        ProcessHandle.of(pid).ifPresent(p -> {
          p.destroyForcibly();
          p.onExit().join();
        });
        killed++;
      }
    }
    return killed;
  }

  /** Records the processes that run now: PID and executable, one per line. */
  void record(List<Long> pids) {
    String text = pids.stream()
        .flatMap(pid -> ProcessHandle.of(pid).stream())
        .flatMap(p -> p.info().command().map(command -> p.pid() + " " + command).stream())
        .collect(Collectors.joining("\n", "", "\n"));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private List<String> read() {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
