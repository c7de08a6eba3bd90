package io.routemq.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stopped node may have left on the machine, read from /proc and /sys: processes (kubelet, containerd, shims
 * by their command lines; containers by the node's cgroups), mounts under the run folder, the pods' network
 * namespaces, the bridge, the cgroup tree and kube-proxy's nftables tables. Empty after a clean stop; what a test
 * asserts after close.
 */
final class NodeLeftovers {

  private final Path runDir;
  private final String node;
  private final String bridge;

  NodeLeftovers(Path runDir, String node, String bridge) {
    this.runDir = runDir;
    this.node = node;
    this.bridge = bridge;
  }

  List<String> find() {
    List<String> left = new ArrayList<>();
    String run = runDir.toString();
    ProcessHandle.allProcesses().forEach(p -> {
      String cmdline = cmdline(p.pid());
      if (cmdline.contains(run + "/") && p.pid() != ProcessHandle.current().pid()) {
        left.add("process " + p.pid() + ": " + abbreviate(cmdline));
      }
    });
    for (String line : lines(Path.of("/proc/self/mounts"))) {
      String[] fields = line.split(" ");
      if (fields.length > 1 && (fields[1].startsWith(run + "/") || fields[1].equals(run))) {
        left.add("mount " + fields[1]);
      }
    }
    // One node per machine (kubelet's device-plugin socket is a fixed path), so every CNI netns is ours.
    for (Path ns : list(Path.of("/run/netns"))) {
      if (ns.getFileName().toString().startsWith("cni-")) {
        left.add("network namespace " + ns.getFileName());
      }
    }
    if (Files.exists(Path.of("/sys/class/net", bridge))) {
      left.add("network interface " + bridge);
    }
    for (Path hierarchy : list(Path.of("/sys/fs/cgroup"))) {
      Path tree = hierarchy.resolve("routemq").resolve(node);
      if (Files.isDirectory(tree)) {
        left.add("cgroup " + tree);
      }
    }
    if (Files.isDirectory(Path.of("/sys/fs/cgroup/routemq", node))) {
      left.add("cgroup /sys/fs/cgroup/routemq/" + node);
    }
    for (String table : nftTables()) {
      if (table.endsWith(" kube-proxy")) {
        left.add("nftables " + table);
      }
    }
    return left;
  }

  /** {@code nft list tables}, one "table <family> <name>" per line; empty where nft is not installed. */
  private static List<String> nftTables() {
    try {
      Process nft = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
      String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return nft.waitFor() == 0 ? out.lines().map(String::strip).toList() : List.of();
    } catch (IOException e) {
      return List.of(); // no nft: kube-proxy's nftables mode cannot have run either
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing nftables tables", e);
    }
  }

  private static String cmdline(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException | UncheckedIOException e) {
      return ""; // gone meanwhile, or not ours to read
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      List<Path> paths = new ArrayList<>();
      entries.forEach(paths::add);
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
