package io.routemq.worker.app;

import io.routemq.crds.routetable.WorkerContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/** The container's termination message, which the kubelet copies into the pod's status for the operator. */
final class TerminationMessage {
  private static final Logger LOG = Logger.getLogger(TerminationMessage.class);

  private TerminationMessage() {}

  /**
   * Writes the message to {@link WorkerContract#ENV_TERMINATION_MESSAGE_PATH} when set, else to Kubernetes' file
   * when it exists (the kubelet mounts it into every container); elsewhere nothing is written.
   */
  static void write(Map<String, String> env, String message) {
    String configured = env.get(WorkerContract.ENV_TERMINATION_MESSAGE_PATH);
    Path path = Path.of(configured != null ? configured : WorkerContract.TERMINATION_MESSAGE_PATH);
    if (configured == null && !Files.exists(path)) {
      return;
    }
    try {
      Files.writeString(path, message);
    } catch (IOException | RuntimeException e) {
      // Outside Kubernetes there may be no such file; the process's log says the same.
      LOG.debugf("termination message not written to %s: %s", path, e.getMessage());
    }
  }
}
