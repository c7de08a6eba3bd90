package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.CredentialsSecretRef;
import io.routemq.crds.v1alpha1.DrainMode;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.MqttVersion;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.TlsSpec;
import io.routemq.crds.v1alpha1.WorkerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a group's worker Deployment (pure): pod template, probes, security context, strategy. */
public final class WorkerDeployments {

  public static final String CONTAINER = "worker";
  static final String ROUTES_VOLUME = "routes";
  static final String TMP_VOLUME = "tmp";
  static final String TLS_CA_VOLUME = "tls-ca";
  static final String TLS_CLIENT_VOLUME = "tls-client";
  /** Where the CA bundle Secret is mounted; the file is ca.crt in it. */
  public static final String TLS_CA_DIR = WorkerContract.TLS_DIR + "/ca";
  /** Where the client certificate Secret is mounted; files tls.crt and tls.key. */
  public static final String TLS_CLIENT_DIR = WorkerContract.TLS_DIR + "/client";
  /** The pod gets this much longer than the worker's drain timeout before SIGKILL. */
  public static final int GRACE_MARGIN_SECONDS = 10;

  private WorkerDeployments() {}

  /**
   * The desired Deployment of a group.
   *
   * @param replicas the worker count to write, or null when another controller (an HPA) owns it
   * @param configHash hash of the route table, put on the pod template so a route change rolls
   */
  public static Deployment desired(
      RouteMQCluster cluster, GroupSpec group, Integer replicas, String configHash) {
    return desired(cluster, group, replicas, configHash, Optional.empty());
  }

  /**
   * As {@link #desired(RouteMQCluster, GroupSpec, Integer, String)}, with the hash of the broker Secrets' values
   * ({@link BrokerSecrets}) on the pod template, so a rotated password or certificate rolls the workers.
   */
  public static Deployment desired(RouteMQCluster cluster, GroupSpec group, Integer replicas, String configHash,
      Optional<String> brokerSecretsHash) {
    String clusterName = cluster.getMetadata().getName();
    WorkerSpec worker = cluster.getSpec().getWorker();
    Map<String, String> podLabels = new LinkedHashMap<>();
    if (worker.getPodLabels() != null) {
      podLabels.putAll(worker.getPodLabels());
    }
    podLabels.putAll(Labels.forGroup(clusterName, group.getName()));
    Map<String, String> podAnnotations = new LinkedHashMap<>();
    if (worker.getPodAnnotations() != null) {
      podAnnotations.putAll(worker.getPodAnnotations());
    }
    podAnnotations.put(Labels.CONFIG_HASH, configHash);
    brokerSecretsHash.ifPresent(h -> podAnnotations.put(Labels.BROKER_SECRETS_HASH, h));

    return new DeploymentBuilder()
        .withMetadata(Labels.childMetadata(cluster, group))
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Labels.selector(clusterName, group.getName()))
        .endSelector()
        .withStrategy(strategy(group))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(worker.getServiceAccountName())
        // Workers never talk to the API server.
        .withAutomountServiceAccountToken(false)
        .withImagePullSecrets(worker.getImagePullSecrets())
        .withNodeSelector(worker.getNodeSelector())
        .withTolerations(worker.getTolerations())
        .withAffinity(worker.getAffinity())
        .withTerminationGracePeriodSeconds(
            (long) worker.effectiveDrainTimeoutSeconds() + GRACE_MARGIN_SECONDS)
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withContainers(container(cluster, group))
        .withVolumes(volumes(cluster, group))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * A non-shared group is one ordered consumer: two pods at once would both receive every message,
   * so it is replaced with Recreate. Shared groups roll without losing capacity.
   */
  static DeploymentStrategy strategy(GroupSpec group) {
    if (!group.isShared()) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString("25%"))
        .withMaxUnavailable(new IntOrString(0))
        .endRollingUpdate()
        .build();
  }

  private static Container container(RouteMQCluster cluster, GroupSpec group) {
    WorkerSpec worker = cluster.getSpec().getWorker();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(worker.getImage())
        .withImagePullPolicy(worker.getImagePullPolicy())
        .addNewPort()
        .withName("http")
        .withContainerPort(WorkerContract.HTTP_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(cluster, group))
        .withResources(group.getResources() != null ? group.getResources() : worker.getResources())
        .withVolumeMounts(volumeMounts(cluster))
        // The JVM needs a while on a small CPU request; the startup probe keeps liveness from killing it.
        .withStartupProbe(httpProbe(WorkerContract.LIVENESS_PATH, 2, 60))
        .withLivenessProbe(httpProbe(WorkerContract.LIVENESS_PATH, 10, 3))
        .withReadinessProbe(httpProbe(WorkerContract.READINESS_PATH, 5, 2))
        .withSecurityContext(
            new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .build();
  }

  private static Probe httpProbe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(WorkerContract.HTTP_PORT))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /**
   * In a shared group each pod has its own MQTT client id, its name (two workers with one id would disconnect each
   * other): a restarted container resumes its session, and the sessions of pods that are gone for good are adopted
   * (see the operator's sessions package). An ordered group runs one pod at a time (Recreate), so it uses the
   * group's own id: the replacement resumes the session of the pod it replaces, with what that one left
   * unacknowledged first and in order, then what was published in between.
   */
  static EnvVar clientId(RouteMQCluster cluster, GroupSpec group) {
    if (!group.isShared()) {
      return plain(WorkerContract.ENV_CLIENT_ID,
          RouteMQCluster.childName(cluster.getMetadata().getName(), group.getName()));
    }
    return new EnvVarBuilder().withName(WorkerContract.ENV_CLIENT_ID)
        .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
        .build();
  }

  /** The operator's variables first, then worker.env, then the group's env; a later name wins. */
  static List<EnvVar> env(RouteMQCluster cluster, GroupSpec group) {
    BrokerSpec broker = cluster.getSpec().getBroker();
    Map<String, EnvVar> env = new LinkedHashMap<>();
    put(env, plain(WorkerContract.ENV_BROKER_URL, broker.getUrl()));
    put(env, plain(WorkerContract.ENV_MQTT_VERSION,
        broker.getProtocolVersion() == MqttVersion.V3_1_1 ? "3.1.1" : "5"));
    // Only when it differs from the worker's default, so that existing Deployments are not rolled by an upgrade.
    if (broker.getDrainMode() == DrainMode.Handover) {
      put(env, plain(WorkerContract.ENV_DRAIN_MODE, "handover"));
    }
    put(env, plain(WorkerContract.ENV_KEEP_ALIVE,
        String.valueOf(broker.getKeepAliveSeconds() == null ? 60 : broker.getKeepAliveSeconds())));
    put(env, plain(WorkerContract.ENV_ROUTE_TABLE,
        WorkerContract.ROUTE_TABLE_DIR + "/" + WorkerContract.ROUTE_TABLE_FILE_NAME));
    put(env, plain(WorkerContract.ENV_HTTP_PORT, String.valueOf(WorkerContract.HTTP_PORT)));
    put(env, clientId(cluster, group));
    CredentialsSecretRef creds = broker.getCredentialsSecret();
    if (creds != null) {
      put(env, secretRef(WorkerContract.ENV_USERNAME, creds.getName(), creds.effectiveUsernameKey()));
      put(env, secretRef(WorkerContract.ENV_PASSWORD, creds.getName(), creds.effectivePasswordKey()));
    }
    TlsSpec tls = broker.getTls();
    if (tlsEnabled(broker)) {
      put(env, plain(WorkerContract.ENV_TLS_ENABLED, "true"));
    }
    if (tls != null) {
      if (tls.getCaSecret() != null) {
        put(env, plain(WorkerContract.ENV_TLS_CA_FILE, TLS_CA_DIR + "/ca.crt"));
      }
      if (tls.getClientCertSecret() != null) {
        put(env, plain(WorkerContract.ENV_TLS_CERT_FILE, TLS_CLIENT_DIR + "/tls.crt"));
        put(env, plain(WorkerContract.ENV_TLS_KEY_FILE, TLS_CLIENT_DIR + "/tls.key"));
      }
      if (Boolean.FALSE.equals(tls.getVerifyHostname())) {
        put(env, plain(WorkerContract.ENV_TLS_VERIFY_HOSTNAME, "false"));
      }
    }
    if (cluster.getSpec().getWorker().getEnv() != null) {
      cluster.getSpec().getWorker().getEnv().forEach(e -> put(env, e));
    }
    if (group.getEnv() != null) {
      group.getEnv().forEach(e -> put(env, e));
    }
    return new ArrayList<>(env.values());
  }

  static boolean tlsEnabled(BrokerSpec broker) {
    String url = broker.getUrl() == null ? "" : broker.getUrl();
    return broker.getTls() != null || url.startsWith("ssl://") || url.startsWith("mqtts://");
  }

  private static void put(Map<String, EnvVar> env, EnvVar var) {
    env.put(var.getName(), var);
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secretRef(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static List<VolumeMount> volumeMounts(RouteMQCluster cluster) {
    List<VolumeMount> mounts = new ArrayList<>();
    // A file mount (subPath) leaves /etc/routemq itself to the image, so the TLS mounts below it
    // need no directory inside a read-only ConfigMap volume; a route change rolls the pods anyway.
    mounts.add(new VolumeMountBuilder().withName(ROUTES_VOLUME)
        .withMountPath(WorkerContract.ROUTE_TABLE_DIR + "/" + WorkerContract.ROUTE_TABLE_FILE_NAME)
        .withSubPath(WorkerContract.ROUTE_TABLE_FILE_NAME).withReadOnly(true).build());
    // The root file system is read-only; the JVM still needs a temp directory.
    mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
    TlsSpec tls = cluster.getSpec().getBroker().getTls();
    if (tls != null && tls.getCaSecret() != null) {
      mounts.add(new VolumeMountBuilder().withName(TLS_CA_VOLUME).withMountPath(TLS_CA_DIR)
          .withReadOnly(true).build());
    }
    if (tls != null && tls.getClientCertSecret() != null) {
      mounts.add(new VolumeMountBuilder().withName(TLS_CLIENT_VOLUME).withMountPath(TLS_CLIENT_DIR)
          .withReadOnly(true).build());
    }
    return mounts;
  }

  private static List<Volume> volumes(RouteMQCluster cluster, GroupSpec group) {
    String configMap = RouteMQCluster.childName(cluster.getMetadata().getName(), group.getName());
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(ROUTES_VOLUME)
        .withNewConfigMap().withName(configMap).endConfigMap().build());
    volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    TlsSpec tls = cluster.getSpec().getBroker().getTls();
    if (tls != null && tls.getCaSecret() != null) {
      volumes.add(new VolumeBuilder().withName(TLS_CA_VOLUME)
          .withNewSecret().withSecretName(tls.getCaSecret()).endSecret().build());
    }
    if (tls != null && tls.getClientCertSecret() != null) {
      volumes.add(new VolumeBuilder().withName(TLS_CLIENT_VOLUME)
          .withNewSecret().withSecretName(tls.getClientCertSecret()).endSecret().build());
    }
    return volumes;
  }
}
