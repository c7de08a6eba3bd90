package io.routemq.worker.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command lines of the local fleet's child processes: broker, operator, workers. */
public final class ChildProcesses {
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static volatile boolean ownSession;

  private ChildProcesses() {}

  /**
   * From now on children start in a session of their own (Linux {@code setsid}), so a Ctrl-C in the terminal
   * reaches only this JVM, whose shutdown hook stops them in order: load, workers with a drain, operator, broker.
   * Without it the terminal's SIGINT also kills the broker at once, with the last messages still in flight. For
   * interactive programs (the sandbox) only: a child in its own session outlives a JVM killed with SIGKILL.
   */
  public static void startInOwnSession() {
    ownSession = Files.isExecutable(SETSID);
  }

  /**
   * {@code command}, prefixed with {@code setsid} when {@link #startInOwnSession()} was called. A child of a JVM is
   * no process-group leader, so setsid execs the command without forking: the process the JVM sees, signals and
   * waits for is the command itself.
   */
  public static List<String> command(List<String> command) {
    if (!ownSession) {
      return command;
    }
    List<String> detached = new ArrayList<>(command.size() + 1);
    detached.add(SETSID.toString());
    detached.addAll(command);
    return detached;
  }
}
