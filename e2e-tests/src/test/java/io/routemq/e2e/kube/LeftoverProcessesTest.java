package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a JVM killed with SIGKILL left running is killed by the next start, and nothing else is. */
class LeftoverProcessesTest {

  @TempDir Path dir;
  private Process sleeper;

  @AfterEach
  void stop() {
    if (sleeper != null) {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void killsARecordedProcessThatStillRunsTheSameBinary() throws Exception {
    sleeper = new ProcessBuilder("sleep", "60").start();
    LeftoverProcesses leftovers = new LeftoverProcesses(dir.resolve("pids"));
    leftovers.record(List.of(sleeper.pid()));

    assertThat(new LeftoverProcesses(dir.resolve("pids")).killRecorded()).isEqualTo(1);
    assertThat(sleeper.isAlive()).isFalse();
  }

  @Test
  void sparesAProcessWhosePidNowRunsAnotherBinary() throws Exception {
    sleeper = new ProcessBuilder("sleep", "60").start();
    Files.writeString(dir.resolve("pids"), sleeper.pid() + " /somewhere/kube-apiserver\n");

    assertThat(new LeftoverProcesses(dir.resolve("pids")).killRecorded()).isZero();
    assertThat(sleeper.isAlive()).isTrue();
  }

  @Test
  void noFileMeansNothingToKill() {
    assertThat(new LeftoverProcesses(dir.resolve("pids")).killRecorded()).isZero();
  }
}
