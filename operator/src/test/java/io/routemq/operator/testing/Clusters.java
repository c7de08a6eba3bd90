package io.routemq.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.routemq.crds.v1alpha1.AutoscalingMode;
import io.routemq.crds.v1alpha1.AutoscalingSpec;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.CredentialsSecretRef;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.HandlerSpec;
import io.routemq.crds.v1alpha1.ReplicasSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteMQClusterSpec;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.crds.v1alpha1.ScalingTargets;
import io.routemq.crds.v1alpha1.WorkerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small builder of RouteMQCluster fixtures, so tests say only what matters to them. */
public final class Clusters {

  private final String name;
  private String namespace;
  private String brokerUrl = "tcp://broker.iot:1883";
  private String credentialsSecret;
  private final List<GroupSpec> groups = new ArrayList<>();
  private Map<String, String> annotations;

  private Clusters(String name, String namespace) {
    this.name = name;
    this.namespace = namespace;
  }

  public static Clusters cluster(String name) {
    return new Clusters(name, "iot");
  }

  public Clusters namespace(String ns) {
    this.namespace = ns;
    return this;
  }

  public Clusters brokerUrl(String url) {
    this.brokerUrl = url;
    return this;
  }

  public Clusters credentials(String secret) {
    this.credentialsSecret = secret;
    return this;
  }

  public Clusters annotations(Map<String, String> annotations) {
    this.annotations = annotations;
    return this;
  }

  public Clusters group(GroupSpec group) {
    groups.add(group);
    return this;
  }

  /** A shared group with a min/max range in the given mode, one republish route. */
  public static GroupSpec ranged(String name, int min, int max, AutoscalingMode mode) {
    GroupSpec g = base(name);
    g.setReplicas(ReplicasSpec.range(min, max));
    AutoscalingSpec a = new AutoscalingSpec();
    a.setMode(mode);
    if (mode == AutoscalingMode.HPA) {
      ScalingTargets t = new ScalingTargets();
      t.setCpuUtilization(70);
      a.setTargets(t);
    }
    g.setAutoscaling(a);
    return g;
  }

  /** A shared group with a fixed count. */
  public static GroupSpec fixed(String name, int count) {
    GroupSpec g = base(name);
    g.setReplicas(ReplicasSpec.fixed(count));
    return g;
  }

  /** A non-shared (ordered) group. */
  public static GroupSpec ordered(String name) {
    GroupSpec g = base(name);
    g.setShared(false);
    g.setReplicas(ReplicasSpec.fixed(1));
    return g;
  }

  private static GroupSpec base(String name) {
    GroupSpec g = new GroupSpec(name);
    g.setRoutes(new ArrayList<>(List.of(
        new RouteSpec("sensors/{deviceId}/data",
            new HandlerSpec("republish", Map.of("topic", "processed/{deviceId}"))))));
    return g;
  }

  public RouteMQCluster build() {
    RouteMQCluster c = new RouteMQCluster();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .withUid("uid-" + name).withGeneration(1L).withAnnotations(annotations).build());
    RouteMQClusterSpec spec = new RouteMQClusterSpec();
    BrokerSpec broker = new BrokerSpec();
    broker.setUrl(brokerUrl);
    if (credentialsSecret != null) {
      broker.setCredentialsSecret(new CredentialsSecretRef(credentialsSecret));
    }
    spec.setBroker(broker);
    WorkerSpec worker = new WorkerSpec();
    worker.setImage("ghcr.io/routemq/routemq-worker:0.1.0");
    worker.setResources(new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("256Mi")).build());
    spec.setWorker(worker);
    spec.setGroups(new ArrayList<>(groups));
    c.setSpec(spec);
    return c;
  }
}
