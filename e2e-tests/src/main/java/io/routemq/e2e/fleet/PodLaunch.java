package io.routemq.e2e.fleet;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything needed to start the container of one simulated pod.
 *
 * @param podName pod name
 * @param podIp the pod's loopback address
 * @param httpPort the worker's HTTP port (health, metrics)
 * @param env resolved environment (Secrets and field references already substituted)
 * @param workDir the pod's own directory: mounted files live under it, and its log
 */
record PodLaunch(String podName, String podIp, int httpPort, Map<String, String> env, Path workDir) {

  Path logFile() {
    return workDir.resolve("container.log");
  }
}
