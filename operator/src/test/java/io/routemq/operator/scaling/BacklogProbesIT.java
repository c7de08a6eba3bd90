package io.routemq.operator.scaling;

import static io.routemq.operator.testing.Clusters.cluster;
import static io.routemq.operator.testing.Clusters.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.metrics.BacklogProbe;
import io.routemq.worker.testing.MosquittoBroker;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The operator's own broker connection is kept across intervals and renewed when the credentials change. */
class BacklogProbesIT {
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  private static Secret creds(String password) {
    return new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
        .withStringData(Map.of("username", "operator", "password", password)).build();
  }

  /** A fresh copy each time, as every new resource version of the cluster in the informer cache is. */
  private static RouteMQCluster clusterCopy(MosquittoBroker broker) {
    return cluster("c").namespace("ns").brokerUrl(broker.url()).credentials("creds").group(fixed("g", 1)).build();
  }

  @Test
  void theSamplerConnectionOutlivesNewCopiesOfTheClusterAndIsRenewedByARotation() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.startOrSkip();
        BacklogProbes probes = new BacklogProbes((ns, name) -> Optional.ofNullable(secrets.get(name)),
            Clock.systemUTC())) {
      secrets.put("creds", creds("first"));
      GroupKey key = new GroupKey("ns", "c", "g");
      RouteMQCluster one = clusterCopy(broker);
      BacklogProbe first = probes.probeFor(key, BacklogReading.Source.ARRIVAL_SAMPLER, one,
          one.getSpec().getGroups().get(0));
      RouteMQCluster two = clusterCopy(broker);
      BacklogProbe again = probes.probeFor(key, BacklogReading.Source.ARRIVAL_SAMPLER, two,
          two.getSpec().getGroups().get(0));
      assertThat(again).as("same connection for an unchanged spec").isSameAs(first);

      secrets.put("creds", creds("second"));
      BacklogProbe renewed = probes.probeFor(key, BacklogReading.Source.ARRIVAL_SAMPLER, two,
          two.getSpec().getGroups().get(0));
      assertThat(renewed).as("a new connection with the rotated password").isNotSameAs(first);
    }
  }
}
