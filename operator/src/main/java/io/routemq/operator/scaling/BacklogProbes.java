package io.routemq.operator.scaling;

import io.fabric8.kubernetes.api.model.Secret;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.CredentialsSecretRef;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.GroupKey;
import io.routemq.operator.metrics.ArrivalSamplerProbe;
import io.routemq.operator.metrics.BacklogProbe;
import io.routemq.operator.metrics.BrokerAddress;
import io.routemq.operator.metrics.MosquittoSysStats;
import io.routemq.operator.metrics.MosquittoSysSubscriber;
import io.routemq.operator.metrics.MqttArrivalSampler;
import io.routemq.operator.metrics.WorkerLocalProbe;
import io.routemq.operator.reconcile.BrokerSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each group's backlog source, opened on first use and kept between intervals: the arrival sampler and the $SYS
 * reader hold an MQTT connection of their own. A source that cannot connect is replaced by the workers' own
 * figures until a retry succeeds, so a broker problem degrades the estimate, never the decision loop.
 */
final class BacklogProbes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BacklogProbes.class);
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);
  private static final BacklogProbe WORKER_LOCAL = new WorkerLocalProbe();

  /** Reads a Secret by namespace and name; empty when it does not exist. */
  private final BiFunction<String, String, Optional<Secret>> secrets;
  private final Clock clock;
  private final Map<GroupKey, Open> open = new ConcurrentHashMap<>();

  private record Open(String fingerprint, BacklogProbe probe, AutoCloseable connection, Instant retryAfter) {}

  BacklogProbes(BiFunction<String, String, Optional<Secret>> secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  BacklogProbe probeFor(GroupKey key, BacklogReading.Source source, RouteMQCluster cluster, GroupSpec group) {
    if (source == BacklogReading.Source.WORKER_LOCAL) {
      close(key);
      return WORKER_LOCAL;
    }
    List<String> topics = group.getRoutes().stream().map(RouteSpec::getTopic).toList();
    BrokerSpec broker = cluster.getSpec().getBroker();
    // The Secrets' values, not the reference object (it has no toString, so every new copy of the cluster looked
    // different and reopened the connection each interval): a rotated password reconnects with the new one.
    String secretsHash = BrokerSecrets.hash(broker,
        name -> secrets.apply(cluster.getMetadata().getNamespace(), name)).orElse("-");
    String fingerprint = source + " " + broker.getUrl() + " " + secretsHash + " " + topics;
    Open current = open.get(key);
    if (current != null && current.fingerprint.equals(fingerprint)
        && (current.connection != null || clock.instant().isBefore(current.retryAfter))) {
      return current.probe;
    }
    close(key);
    Open next = connect(key, source, cluster, topics, fingerprint);
    open.put(key, next);
    return next.probe;
  }

  private Open connect(GroupKey key, BacklogReading.Source source, RouteMQCluster cluster, List<String> topics,
      String fingerprint) {
    String clientId = "routemq-operator-" + key.namespace() + "-" + key.cluster() + "-" + key.group();
    try {
      BrokerAddress address = address(cluster);
      if (source == BacklogReading.Source.ARRIVAL_SAMPLER) {
        MqttArrivalSampler sampler = MqttArrivalSampler.start(address, clientId, topics);
        LOG.info("backlog source group={} source=ArrivalSampler subscribed to {} route(s)", key, topics.size());
        return new Open(fingerprint, new ArrivalSamplerProbe(sampler), sampler, null);
      }
      MosquittoSysStats stats = new MosquittoSysStats();
      MosquittoSysSubscriber subscriber = MosquittoSysSubscriber.start(address, clientId, stats);
      LOG.info("backlog source group={} source=BrokerStats reading $SYS", key);
      return new Open(fingerprint, stats, subscriber, null);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("backlog source group={} source={} unavailable ({}); using the workers' own figures, retry in {} s",
          key, source, why, RETRY_AFTER.toSeconds());
      return new Open(fingerprint, WORKER_LOCAL, null, clock.instant().plus(RETRY_AFTER));
    }
  }

  private BrokerAddress address(RouteMQCluster cluster) {
    BrokerSpec broker = cluster.getSpec().getBroker();
    BrokerUrl url = BrokerUrl.parse(broker.getUrl());
    if (url.tls()) {
      throw new IllegalStateException("the operator's own broker connections do not support TLS yet;"
          + " use backlogSource WorkerLocal for a TLS broker");
    }
    CredentialsSecretRef ref = broker.getCredentialsSecret();
    if (ref == null) {
      return BrokerAddress.of(url.host(), url.port());
    }
    Secret secret = secrets.apply(cluster.getMetadata().getNamespace(), ref.getName())
        .orElseThrow(() -> new IllegalStateException("Secret " + ref.getName() + " not found"));
    return new BrokerAddress(url.host(), url.port(), value(secret, ref.effectiveUsernameKey()),
        value(secret, ref.effectivePasswordKey()));
  }

  private static String value(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  void close(GroupKey key) {
    Open o = open.remove(key);
    if (o != null && o.connection != null) {
      try {
        o.connection.close();
      } catch (Exception e) {
        LOG.debug("closing the backlog source of {} failed: {}", key, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    open.keySet().forEach(this::close);
  }
}
