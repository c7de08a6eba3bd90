package io.routemq.operator.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.operator.app.StandaloneOperator;
import io.routemq.operator.reconcile.OperatorSettings;
import io.routemq.operator.reconcile.GroupScaler;
import io.routemq.operator.testing.MockKube;
import java.time.Duration;
import java.util.Set;

/**
 * The operator alone in its own JVM, for measuring its memory apart from the mock API server:
 * {@code BenchOperatorMain <api-server-url>}; runs until killed.
 */
public final class BenchOperatorMain {

  private BenchOperatorMain() {}

  public static void main(String[] args) throws Exception {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(args[0]).withTrustCerts(true)
        .withUserAgent(MockKube.OPERATOR_AGENT).build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    StandaloneOperator.start(client, OperatorSettings.defaults(), GroupScaler.holdCurrent(),
        new SimpleMeterRegistry(), Set.of(), Duration.ofMinutes(10),
        o -> o.withUseSSAToPatchPrimaryResource(false).withSSABasedCreateUpdateMatchForDependentResources(false)
            .withConcurrentReconciliationThreads(16));
    System.out.println("operator started");
    Thread.currentThread().join();
  }
}
