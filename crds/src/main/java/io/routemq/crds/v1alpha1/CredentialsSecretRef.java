package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret in the cluster's namespace holding MQTT credentials. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretRef {

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the Secret, in the RouteMQCluster's namespace.")
  private String name;

  @Default("\"username\"")
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Key of the username in the Secret. Default \"username\".")
  private String usernameKey;

  @Default("\"password\"")
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Key of the password in the Secret. Default \"password\".")
  private String passwordKey;

  public CredentialsSecretRef() {}

  public CredentialsSecretRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUsernameKey() {
    return usernameKey;
  }

  public void setUsernameKey(String usernameKey) {
    this.usernameKey = usernameKey;
  }

  public String getPasswordKey() {
    return passwordKey;
  }

  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }

  public String effectiveUsernameKey() {
    return usernameKey == null ? "username" : usernameKey;
  }

  public String effectivePasswordKey() {
    return passwordKey == null ? "password" : passwordKey;
  }
}
