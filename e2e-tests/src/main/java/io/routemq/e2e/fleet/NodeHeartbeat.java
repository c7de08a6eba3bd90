package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The Node object of the kubelet stand-in and its heartbeats: the Lease in kube-node-lease renewed every few
 * seconds and the Ready condition refreshed, as a kubelet does. Without them the node lifecycle controller marks
 * the node Unknown after its grace period (50 s) and, 300 s later, evicts every pod on it.
 */
final class NodeHeartbeat {
  static final String LEASE_NAMESPACE = "kube-node-lease";
  /** Matches the kubelet's default (nodeLeaseDurationSeconds). */
  private static final int LEASE_SECONDS = 40;

  private final KubernetesClient client;
  private final String name;
  private final Instant readySince = Instant.now();

  NodeHeartbeat(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /** Creates the Node (or takes over one of that name) with room for far more pods than a test runs. */
  void register(String version) {
    Node node = new NodeBuilder()
        .withNewMetadata().withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64"))
        .endMetadata()
        .withNewSpec().endSpec()
        .build();
    if (client.nodes().withName(name).get() == null) {
      client.nodes().resource(node).create();
    }
    Map<String, Quantity> capacity = Map.of("cpu", new Quantity("64"), "memory", new Quantity("256Gi"),
        "pods", new Quantity("250"), "ephemeral-storage", new Quantity("100Gi"));
    OnConflict.retry(() -> client.nodes().withName(name).editStatus(n -> {
      n.getStatus().setCapacity(capacity);
      n.getStatus().setAllocatable(capacity);
      n.getStatus().setAddresses(List.of(new io.fabric8.kubernetes.api.model.NodeAddress("127.0.0.1", "InternalIP"),
          new io.fabric8.kubernetes.api.model.NodeAddress(name, "Hostname")));
      n.getStatus().setNodeInfo(new io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder()
          .withKubeletVersion(version).withKubeProxyVersion("").withOperatingSystem("linux").withArchitecture("amd64")
          .withContainerRuntimeVersion("routemq-kubelet-stand-in://0").withKernelVersion("").withOsImage("")
          .withMachineID(name).withSystemUUID(name).withBootID(name).build());
      n.getStatus().setConditions(List.of(ready(Instant.now())));
      return n;
    }));
    beat();
  }

  /** Renews the Lease and the Ready condition; failures are logged and retried on the next beat. */
  void beat() {
    Instant now = Instant.now();
    try {
      renewLease(now);
      OnConflict.retry(() -> client.nodes().withName(name).editStatus(n -> {
        n.getStatus().setConditions(List.of(ready(now)));
        return n;
      }));
    } catch (KubernetesClientException e) {
      System.getLogger(NodeHeartbeat.class.getName()).log(System.Logger.Level.WARNING,
          "node " + name + " heartbeat failed: " + e.getMessage());
    }
  }

  private void renewLease(Instant now) {
    ZonedDateTime renewTime = ZonedDateTime.ofInstant(now.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    Lease current = client.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
    if (current == null) {
      client.leases().inNamespace(LEASE_NAMESPACE).resource(new LeaseBuilder()
          .withNewMetadata().withName(name).withNamespace(LEASE_NAMESPACE).endMetadata()
          .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(LEASE_SECONDS)
          .withRenewTime(renewTime).endSpec()
          .build()).create();
      return;
    }
    OnConflict.retry(() -> client.leases().inNamespace(LEASE_NAMESPACE).withName(name).edit(l -> {
      l.getSpec().setRenewTime(renewTime);
      return l;
    }));
  }

  private NodeCondition ready(Instant now) {
    return new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withMessage("kubelet stand-in is posting ready status")
        .withLastHeartbeatTime(now.truncatedTo(ChronoUnit.SECONDS).toString())
        .withLastTransitionTime(readySince.truncatedTo(ChronoUnit.SECONDS).toString()).build();
  }
}
