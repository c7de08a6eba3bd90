package io.routemq.e2e.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a real node needs from the machine, checked before anything starts: a missing package then fails with the
 * line that installs it, not with a script's "command not found" deep in a log.
 */
final class NodePrerequisites {

  /** Debian's packages for the node (the names of a CI install step). */
  static final List<String> APT_PACKAGES = List.of("containerd", "runc", "containernetworking-plugins", "nftables");
  static final String INSTALL = "apt-get install -y " + String.join(" ", APT_PACKAGES);
  /** Where Debian's containernetworking-plugins puts the plugins; CNI_BIN points elsewhere. */
  static final Path DEFAULT_CNI_BIN = Path.of("/usr/lib/cni");
  private static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "loopback");

  private NodePrerequisites() {}

  /** Fails, naming everything that is missing and how to get it, unless a node can start here. */
  static void check(Path cniBin) {
    List<String> missing = missing(cniBin, System.getenv("PATH"), isRoot());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("a real Kubernetes node cannot start on this machine: "
          + String.join("; ", missing) + ". Install the node's packages with `" + INSTALL + "` (as root), "
          + "or run only the tests without a real node (the node profile is opt-in: -Pnode)");
    }
  }

  static List<String> missing(Path cniBin, String path, boolean root) {
    List<String> missing = new ArrayList<>();
    if (!root) {
      missing.add("not root (a node makes network namespaces, mounts and cgroups)");
    }
    Map<String, String> packageOf = new LinkedHashMap<>();
    packageOf.put("containerd", "containerd");
    packageOf.put("containerd-shim-runc-v2", "containerd");
    packageOf.put("ctr", "containerd");
    packageOf.put("runc", "runc");
    packageOf.put("ip", "iproute2");
    packageOf.put("nft", "nftables"); // kube-proxy's nftables mode runs it
    packageOf.forEach((tool, pkg) -> {
      if (onPath(tool, path).isEmpty()) {
        missing.add(tool + " is not on PATH (package " + pkg + ")");
      }
    });
    for (String plugin : CNI_PLUGINS) {
      if (!Files.isExecutable(cniBin.resolve(plugin))) {
        missing.add("no CNI plugin " + plugin + " in " + cniBin + " (package containernetworking-plugins)");
      }
    }
    return missing;
  }

  static Optional<Path> onPath(String tool, String path) {
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(":")).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable).findFirst();
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
