package io.routemq.e2e.fleet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Does what kubelet does before it starts a container: resolves the environment (values, field
 * references, Secret and ConfigMap keys) and writes mounted ConfigMaps and Secrets to files.
 *
 * <p>Unlike kubelet, all pods share one filesystem: each pod's mounts are rooted under its own
 * work directory, and environment values that point into a mount are rewritten to match.
 */
final class PodMaterializer {

  private final KubernetesClient client;

  PodMaterializer(KubernetesClient client) {
    this.client = client;
  }

  /** Thrown when a referenced Secret or ConfigMap is missing, as kubelet's CreateContainerConfigError. */
  static final class ConfigError extends RuntimeException {
    ConfigError(String message) {
      super(message);
    }
  }

  Map<String, String> materialize(
      String namespace, String podName, String podIp, PodSpec spec, Container container, Path workDir)
      throws IOException {
    Map<String, String> mounts = mountVolumes(namespace, spec, container, workDir);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
      if (from.getConfigMapRef() != null) {
        env.putAll(configMapData(namespace, from.getConfigMapRef().getName()));
      }
      if (from.getSecretRef() != null) {
        env.putAll(secretData(namespace, from.getSecretRef().getName()));
      }
    }
    for (EnvVar var : nullSafe(container.getEnv())) {
      String value = resolve(namespace, podName, podIp, var);
      if (value != null) {
        env.put(var.getName(), rewriteIntoMounts(value, mounts));
      }
    }
    return env;
  }

  private String resolve(String namespace, String podName, String podIp, EnvVar var) {
    EnvVarSource from = var.getValueFrom();
    if (from == null) {
      return var.getValue() == null ? "" : var.getValue();
    }
    if (from.getFieldRef() != null) {
      return switch (from.getFieldRef().getFieldPath()) {
        case "metadata.name" -> podName;
        case "metadata.namespace" -> namespace;
        case "status.podIP" -> podIp;
        default -> null;
      };
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      String value = secretData(namespace, ref.getName()).get(ref.getKey());
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new ConfigError("secret " + ref.getName() + " has no key " + ref.getKey());
      }
      return value;
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      String value = configMapData(namespace, ref.getName()).get(ref.getKey());
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new ConfigError("configmap " + ref.getName() + " has no key " + ref.getKey());
      }
      return value;
    }
    return null;
  }

  /** Writes each mounted volume under workDir; returns mountPath → local directory. */
  private Map<String, String> mountVolumes(String namespace, PodSpec spec, Container container, Path workDir)
      throws IOException {
    Map<String, Volume> volumes = new LinkedHashMap<>();
    nullSafe(spec.getVolumes()).forEach(v -> volumes.put(v.getName(), v));
    Map<String, String> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : nullSafe(container.getVolumeMounts())) {
      Volume volume = volumes.get(mount.getName());
      if (volume == null) {
        continue;
      }
      Path dir = workDir.resolve("mounts").resolve(mount.getMountPath().replaceFirst("^/", ""));
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        // A subPath mount puts one file of the volume at mountPath.
        Files.createDirectories(dir.getParent());
        Map<String, String> data = volume.getConfigMap() != null
            ? configMapData(namespace, volume.getConfigMap().getName())
            : volume.getSecret() != null ? secretData(namespace, volume.getSecret().getSecretName()) : Map.of();
        String value = data.get(mount.getSubPath());
        if (value == null) {
          throw new ConfigError("volume " + volume.getName() + " has no key " + mount.getSubPath());
        }
        Files.writeString(dir, value);
        mounts.put(mount.getMountPath(), dir.toString());
        continue;
      }
      Files.createDirectories(dir);
      if (volume.getConfigMap() != null) {
        writeFiles(dir, configMapData(namespace, volume.getConfigMap().getName()), volume.getConfigMap().getItems());
      } else if (volume.getSecret() != null) {
        writeFiles(dir, secretData(namespace, volume.getSecret().getSecretName()), volume.getSecret().getItems());
      }
      mounts.put(mount.getMountPath(), dir.toString());
    }
    return mounts;
  }

  private static void writeFiles(Path dir, Map<String, String> data, List<KeyToPath> items) throws IOException {
    if (items == null || items.isEmpty()) {
      for (var entry : data.entrySet()) {
        Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      String value = data.get(item.getKey());
      if (value != null) {
        Files.writeString(dir.resolve(item.getPath()), value);
      }
    }
  }

  private static String rewriteIntoMounts(String value, Map<String, String> mounts) {
    for (var mount : mounts.entrySet()) {
      String prefix = mount.getKey().endsWith("/") ? mount.getKey() : mount.getKey() + "/";
      if (value.equals(mount.getKey()) || value.startsWith(prefix)) {
        return mount.getValue() + value.substring(mount.getKey().length());
      }
    }
    return value;
  }

  private Map<String, String> configMapData(String namespace, String name) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
    if (cm == null) {
      throw new ConfigError("configmap " + name + " not found");
    }
    return cm.getData() == null ? Map.of() : cm.getData();
  }

  private Map<String, String> secretData(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new ConfigError("secret " + name + " not found");
    }
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach(
          (k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    // The mock server stores stringData as given instead of merging it into data.
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
