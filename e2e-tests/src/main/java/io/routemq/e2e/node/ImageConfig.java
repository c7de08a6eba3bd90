package io.routemq.e2e.node;

import java.util.List;
import java.util.Map;

/**
 * What a Dockerfile's USER, WORKDIR, ENV, EXPOSE and ENTRYPOINT put into an image's config: the fields of the OCI
 * image config this project's images set on top of their base.
 *
 * @param env added to the base's environment (a name the base has too is replaced), in order
 * @param exposedPorts TCP ports
 */
public record ImageConfig(String user, String workingDir, List<String> entrypoint, Map<String, String> env,
    List<Integer> exposedPorts) {

  public ImageConfig {
    entrypoint = List.copyOf(entrypoint);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    exposedPorts = List.copyOf(exposedPorts);
  }
}
