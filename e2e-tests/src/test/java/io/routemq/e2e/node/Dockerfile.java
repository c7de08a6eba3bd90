package io.routemq.e2e.node;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of one of deploy/images/*.Dockerfile that end up in an image's config and its last layer, read
 * independently of {@link AppImage}: what AppImageTest compares the daemon-less build with. Only the forms these
 * Dockerfiles use (ENV KEY=value, exec-form ENTRYPOINT, COPY --chown, RUN mkdir -p ... && chown).
 */
record Dockerfile(String user, String workdir, List<String> entrypoint, Map<String, String> env,
    List<Integer> exposedPorts, List<Copy> copies, List<Owned> createdDirs) {

  /** {@code COPY --chown=uid:gid source dest}. */
  record Copy(int uid, int gid, String source, String dest) {}

  /** A folder a RUN line makes and hands to {@code uid:gid}. */
  record Owned(String path, int uid, int gid) {}

  private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S+))");
  private static final Pattern CHOWN = Pattern.compile("--chown=(\\d+):(\\d+)");
  private static final Pattern MKDIR_CHOWN = Pattern.compile("mkdir -p (\\S+) && chown (\\d+):(\\d+) (\\S+)");

  static Dockerfile parse(Path file) throws IOException {
    String user = null;
    String workdir = null;
    List<String> entrypoint = List.of();
    Map<String, String> env = new LinkedHashMap<>();
    List<Integer> ports = new ArrayList<>();
    List<Copy> copies = new ArrayList<>();
    List<Owned> dirs = new ArrayList<>();
    for (String line : Files.readString(file).replace("\\\n", " ").split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      String args = parts.length > 1 ? parts[1] : "";
      switch (parts[0].toUpperCase()) {
        case "USER" -> user = args;
        case "WORKDIR" -> workdir = args;
        case "EXPOSE" -> {
          for (String port : args.split("\\s+")) {
            ports.add(Integer.parseInt(port.replace("/tcp", "")));
          }
        }
        case "ENV" -> {
          Matcher m = ENV_PAIR.matcher(args);
          while (m.find()) {
            env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
          }
        }
        case "ENTRYPOINT" -> entrypoint = OciArchive.JSON.readValue(args, new TypeReference<List<String>>() {});
        case "COPY" -> {
          Matcher chown = CHOWN.matcher(args);
          String[] words = args.replaceAll("--\\S+", "").strip().split("\\s+");
          int uid = chown.find() ? Integer.parseInt(chown.group(1)) : 0;
          int gid = chown.find(0) ? Integer.parseInt(chown.group(2)) : 0;
          copies.add(new Copy(uid, gid, words[0], words[words.length - 1]));
        }
        case "RUN" -> {
          Matcher m = MKDIR_CHOWN.matcher(args);
          if (m.find()) {
            dirs.add(new Owned(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
          }
        }
        default -> {
          // FROM, ARG: the base is ours (the Java 17 image); nothing of them is in the config
        }
      }
    }
    return new Dockerfile(user, workdir, entrypoint, env, ports, copies, dirs);
  }
}
