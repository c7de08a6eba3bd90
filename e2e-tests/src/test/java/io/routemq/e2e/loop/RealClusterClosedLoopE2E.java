package io.routemq.e2e.loop;

import org.junit.jupiter.api.Test;

/**
 * {@link StepScenario} on a real Kubernetes cluster: the operator and workers from the images {@code deploy/kind/up.sh}
 * built and loaded, real Deployments, kubelet's SIGTERM on scale-down, Mosquitto in the cluster. Skipped with a
 * message unless the kubeconfig context {@code kind-routemq} (or {@code -Droutemq.cluster.context}) answers (see
 * {@link RealClusterFixture}). {@link ClosedLoopOnRealNodeIT} runs the same scenario on this machine's real node.
 */
class RealClusterClosedLoopE2E {
  @Test
  void aLoadStepScalesUpAndTheDrainingScaleDownLosesNothing() throws Exception {
    try (RealClusterFixture cluster = RealClusterFixture.start("step", StepScenario.group())) {
      StepScenario.run(cluster);
    }
  }
}
