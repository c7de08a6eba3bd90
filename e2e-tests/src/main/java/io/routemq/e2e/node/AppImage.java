package io.routemq.e2e.node;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of this project's images as {@code deploy/images/*.Dockerfile} describes it, to be built without Docker: a
 * Quarkus JVM application ({@code target/quarkus-app}) copied into {@code /deployments}, owned by user 185 and group
 * 0, on a Java 17 base. The Dockerfiles stay for users with Docker; AppImageTest checks that the two agree.
 *
 * @param reference the name containerd knows it by (never pulled: {@code imagePullPolicy: Never})
 * @param quarkusApp the application's {@code target/quarkus-app} folder
 * @param emptyDirs folders the image creates empty and owned by {@link #OWNER_UID} (the worker's handlers folder)
 */
public record AppImage(String reference, Path quarkusApp, ImageConfig config, List<String> emptyDirs) {

  /** Where the application goes; the image's working directory. */
  public static final String DEPLOYMENTS = "/deployments";
  /** The non-root user the images run as, and owner of the copied files (as in Red Hat's and Quarkus' images). */
  public static final int OWNER_UID = 185;
  public static final int OWNER_GID = 0;
  /** The worker loads the handler jars it finds here at start. */
  public static final String HANDLERS_DIR = DEPLOYMENTS + "/handlers";
  public static final String WORKER = "routemq.local/routemq-worker:dev";
  public static final String OPERATOR = "routemq.local/routemq-operator:dev";
  /** Folders of quarkus-app that are copied whole; its top-level jars (quarkus-run.jar) go to /deployments. */
  static final List<String> APP_FOLDERS = List.of("lib", "app", "quarkus");
  private static final String JAVA_TOOL_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";
  private static final List<String> ENTRYPOINT = List.of("java", "-jar", DEPLOYMENTS + "/quarkus-run.jar");
  /** The worker's class-data archive, made by the build (worker-runtime's application.properties). */
  public static final String CDS_ARCHIVE = "app-cds.jsa";
  /**
   * The worker starts with its class-data archive; the jar is named relative to the working directory because the
   * archive records the class path exactly as the build's training run gave it.
   */
  private static final List<String> WORKER_ENTRYPOINT = List.of("java", "-XX:SharedArchiveFile=" + CDS_ARCHIVE,
      "-jar", "quarkus-run.jar");

  public AppImage {
    emptyDirs = List.copyOf(emptyDirs);
  }

  /** deploy/images/worker.Dockerfile: the worker runtime, with an empty handlers folder it loads jars from. */
  public static AppImage worker(Path quarkusApp) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROUTEMQ_HANDLERS_DIR", HANDLERS_DIR);
    env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
    return new AppImage(WORKER, quarkusApp, new ImageConfig(Integer.toString(OWNER_UID), DEPLOYMENTS,
        WORKER_ENTRYPOINT, env, List.of(8080)), List.of(HANDLERS_DIR));
  }

  /** deploy/images/operator.Dockerfile. */
  public static AppImage operator(Path quarkusApp) {
    return new AppImage(OPERATOR, quarkusApp, new ImageConfig(Integer.toString(OWNER_UID), DEPLOYMENTS, ENTRYPOINT,
        Map.of("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS), List.of(8080)), List.of());
  }

  /** The archive's file name, e.g. {@code routemq-worker.tar}. */
  String archiveName() {
    String name = reference.substring(reference.lastIndexOf('/') + 1);
    return name.substring(0, name.indexOf(':')) + ".tar";
  }
}
