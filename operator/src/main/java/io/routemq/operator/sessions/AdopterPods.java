package io.routemq.operator.sessions;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.routemq.crds.routetable.AdoptionReport;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.operator.reconcile.Labels;
import io.routemq.operator.reconcile.WorkerDeployments;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session-adopter pod of a group (pure): the group's running worker pod template — same image, route table,
 * credentials, TLS files and handlers, so it reaches the broker exactly as the gone workers did — run once with
 * {@link WorkerContract#ENV_ADOPT_SESSIONS}. It carries the cluster's labels but not the group's, so the group's
 * ReplicaSet, PDB and metrics scrapes never count it as a worker.
 */
public final class AdopterPods {

  /** Label naming the group whose sessions the pod adopts. */
  public static final String ADOPTER_FOR = "routemq.io/adopter-for";
  /** Annotation listing the client ids the pod adopts, comma-separated. */
  public static final String ADOPTING = "routemq.io/adopting";
  /** Bounds a pod that cannot finish (the worker gives each try 5 minutes; restarts retry within this). */
  static final long ACTIVE_DEADLINE_SECONDS = 900;

  private AdopterPods() {}

  /**
   * @param running the group's Deployment, whose pod template the workers run
   * @param clientIds the gone workers' client ids, sorted
   */
  public static Pod desired(RouteMQCluster cluster, String group, Deployment running, List<String> clientIds) {
    String clusterName = cluster.getMetadata().getName();
    PodSpec template = running.getSpec().getTemplate().getSpec();
    List<Container> containers = new ArrayList<>();
    for (Container c : template.getContainers()) {
      containers.add(WorkerDeployments.CONTAINER.equals(c.getName()) ? adopter(c, clientIds) : c);
    }
    PodSpec spec = new PodSpecBuilder(template)
        .withContainers(containers)
        // A try that fails (broker away, timeout) exits 1 and is tried again; one that succeeds is done for good.
        .withRestartPolicy("OnFailure")
        .withActiveDeadlineSeconds(ACTIVE_DEADLINE_SECONDS)
        .build();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.NAME, Labels.WORKER_APP);
    labels.put(Labels.COMPONENT, "session-adopter");
    labels.put(Labels.PART_OF, clusterName);
    labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
    labels.put(Labels.CLUSTER, clusterName);
    labels.put(ADOPTER_FOR, group);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name(clusterName, group, clientIds))
        .withNamespace(cluster.getMetadata().getNamespace())
        .withLabels(labels)
        .addToAnnotations(ADOPTING, String.join(",", clientIds))
        .withOwnerReferences(Labels.ownerReference(cluster))
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /** The worker container in adopt mode: no readiness probe, since it never joins the group. */
  private static Container adopter(Container worker, List<String> clientIds) {
    List<EnvVar> env = new ArrayList<>(worker.getEnv() == null ? List.of() : worker.getEnv());
    env.removeIf(e -> WorkerContract.ENV_ADOPT_SESSIONS.equals(e.getName()));
    env.add(new EnvVar(WorkerContract.ENV_ADOPT_SESSIONS, String.join(",", clientIds), null));
    return new ContainerBuilder(worker)
        .withEnv(env)
        .withReadinessProbe(null)
        // A crash before the report shows its last log lines in the pod's status instead.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  /** One name per set of client ids: creating it twice is harmless (409), a new set gets a new pod. */
  static String name(String cluster, String group, List<String> clientIds) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(String.join(",", clientIds).getBytes(StandardCharsets.UTF_8));
      return RouteMQCluster.childName(cluster, group) + "-adopt-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The group an adopter pod works for, or null for any other pod. */
  public static String groupOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(ADOPTER_FOR);
  }

  public static List<String> adopting(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String ids = annotations == null ? null : annotations.get(ADOPTING);
    return ids == null || ids.isBlank() ? List.of() : Arrays.asList(ids.split(","));
  }

  public static boolean succeeded(Pod pod) {
    return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
  }

  public static boolean failed(Pod pod) {
    return pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase());
  }

  /** The adoption report the worker left as its termination message, when it left one. */
  public static Optional<AdoptionReport> report(Pod pod) {
    return terminationMessage(pod).flatMap(AdoptionReport::parse);
  }

  /** Whether a worker pod's container stopped after a complete drain that ended its broker session. */
  public static boolean sessionEnded(Pod pod) {
    return terminationMessage(pod).map(String::strip)
        .filter(WorkerContract.TERMINATION_SESSION_ENDED::equals).isPresent();
  }

  private static Optional<String> terminationMessage(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> WorkerDeployments.CONTAINER.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getTerminated() != null && s.getTerminated().getMessage() != null)
        .map(s -> s.getTerminated().getMessage())
        .findFirst();
  }
}
