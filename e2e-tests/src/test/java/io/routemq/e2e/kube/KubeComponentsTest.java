package io.routemq.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the fixture finds the Kubernetes binaries, and what it says when one is missing. */
class KubeComponentsTest {

  @TempDir Path dir;

  @Test
  void systemPropertyWinsOverEnvironment() {
    assertThat(KubeComponents.configured("/from/property", "/from/env")).contains(Path.of("/from/property"));
    assertThat(KubeComponents.configured(" ", "/from/env")).contains(Path.of("/from/env"));
    assertThat(KubeComponents.configured(null, null)).isEmpty();
  }

  @Test
  void repositoryRootIsTheNearestFolderHoldingTheBuildScript() throws Exception {
    Path script = dir.resolve("repo").resolve(KubeComponents.BUILD_SCRIPT);
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\n");
    Path nested = Files.createDirectories(dir.resolve("repo/operator/target"));

    assertThat(KubeComponents.repoRoot(nested)).contains(dir.resolve("repo"));
    assertThat(KubeComponents.repoRoot(dir)).isEmpty();
  }

  @Test
  void missingBinaryNamesItAndTheCommandThatBuildsIt() {
    assertThatThrownBy(() -> KubeComponents.in(dir).binary("kube-scheduler"))
        .hasMessageContaining("no executable kube-scheduler in " + dir)
        .hasMessageContaining("e2e-tests/kubernetes/build.sh kube-scheduler");
  }

  @Test
  void presentExecutableIsFound() throws Exception {
    Path etcd = Files.createFile(dir.resolve("etcd"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));

    assertThat(KubeComponents.in(dir).binary("etcd")).isEqualTo(etcd);
  }
}
