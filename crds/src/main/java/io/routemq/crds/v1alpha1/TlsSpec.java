package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** TLS to the broker. Certificates come from Secrets and are mounted read-only into the workers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Secret holding the CA bundle under key ca.crt that signs the broker's certificate."
      + " Absent: the JVM's default trust store.")
  private String caSecret;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("A kubernetes.io/tls Secret (tls.crt, tls.key) for mutual TLS. Absent: no client certificate.")
  private String clientCertSecret;

  @Default("true")
  @JsonPropertyDescription("Check that the broker's certificate names the host in the URL. Default true.")
  private Boolean verifyHostname;

  public String getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(String caSecret) {
    this.caSecret = caSecret;
  }

  public String getClientCertSecret() {
    return clientCertSecret;
  }

  public void setClientCertSecret(String clientCertSecret) {
    this.clientCertSecret = clientCertSecret;
  }

  public Boolean getVerifyHostname() {
    return verifyHostname;
  }

  public void setVerifyHostname(Boolean verifyHostname) {
    this.verifyHostname = verifyHostname;
  }
}
