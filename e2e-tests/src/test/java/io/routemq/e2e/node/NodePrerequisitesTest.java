package io.routemq.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine without the node's packages is told which ones, and the line that installs them. */
class NodePrerequisitesTest {

  @TempDir Path dir;

  @Test
  void everyMissingToolAndPluginIsNamedWithItsPackage() {
    List<String> missing = NodePrerequisites.missing(dir.resolve("cni"), dir.toString(), false);

    assertThat(missing).contains("not root (a node makes network namespaces, mounts and cgroups)",
        "containerd is not on PATH (package containerd)", "runc is not on PATH (package runc)",
        "ip is not on PATH (package iproute2)", "nft is not on PATH (package nftables)",
        "no CNI plugin bridge in " + dir.resolve("cni") + " (package containernetworking-plugins)");
    assertThat(NodePrerequisites.INSTALL)
        .isEqualTo("apt-get install -y containerd runc containernetworking-plugins nftables");
  }

  @Test
  void nothingIsMissingWhenToolsAndPluginsAreThere() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path cni = Files.createDirectories(dir.resolve("cni"));
    for (String tool : List.of("containerd", "containerd-shim-runc-v2", "ctr", "runc", "ip", "nft")) {
      executable(bin.resolve(tool));
    }
    for (String plugin : List.of("bridge", "host-local", "loopback")) {
      executable(cni.resolve(plugin));
    }

    assertThat(NodePrerequisites.missing(cni, "/nonexistent:" + bin, true)).isEmpty();
  }

  private static void executable(Path file) throws Exception {
    Files.writeString(file, "#!/bin/sh\n");
    file.toFile().setExecutable(true);
  }
}
