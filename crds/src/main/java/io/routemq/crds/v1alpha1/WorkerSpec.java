package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** The pod template of every worker; a group may override resources and add env. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerSpec {

  @Required
  @Size(min = 1, max = 512)
  @JsonPropertyDescription("Worker image: the RouteMQ worker runtime, or an image built on it with your handler jars.")
  private String image;

  @Pattern("^(Always|IfNotPresent|Never)$")
  @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never. Default: Kubernetes' own rule.")
  private String imagePullPolicy;

  @JsonPropertyDescription("Secrets used to pull the worker image.")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("CPU and memory requests and limits of each worker. A CPU request is needed for CPU-based scaling.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Extra environment variables for every worker.")
  private List<EnvVar> env;

  @JsonPropertyDescription("Node selector of the worker pods.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the worker pods.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Affinity of the worker pods.")
  private Affinity affinity;

  @JsonPropertyDescription("Extra annotations on the worker pods (e.g. for a metrics scraper).")
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription("Extra labels on the worker pods. The operator's own app.kubernetes.io labels win on conflict.")
  private Map<String, String> podLabels;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Service account of the worker pods. Default: the namespace's default account.")
  private String serviceAccountName;

  @Min(1)
  @Max(3600)
  @Default("20")
  @JsonPropertyDescription("Seconds a stopping worker may take to finish and acknowledge what it holds. The pod's"
      + " termination grace period is set 10 s longer. Default 20.")
  private Integer drainTimeoutSeconds;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(String imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  public void setPodLabels(Map<String, String> podLabels) {
    this.podLabels = podLabels;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public Integer getDrainTimeoutSeconds() {
    return drainTimeoutSeconds;
  }

  public void setDrainTimeoutSeconds(Integer drainTimeoutSeconds) {
    this.drainTimeoutSeconds = drainTimeoutSeconds;
  }

  public int effectiveDrainTimeoutSeconds() {
    return drainTimeoutSeconds == null ? 20 : drainTimeoutSeconds;
  }
}
