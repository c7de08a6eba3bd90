package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The MQTT broker the workers connect to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.drainMode) || self.drainMode != 'Handover' || !has(self.protocolVersion)"
    + " || self.protocolVersion == '5'",
    message = "broker.drainMode Handover needs protocolVersion 5: it ends the session with a session expiry of 0,"
        + " which MQTT 3.1.1 cannot express; use drainMode Unsubscribe")
public class BrokerSpec {

  @Required
  @Size(max = 512)
  @Pattern("^(tcp|ssl|mqtt|mqtts)://[^/:\\s]+"
      + "(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?/?$")
  @JsonPropertyDescription("Broker address as scheme://host[:port], scheme tcp or mqtt (plain) or ssl or mqtts"
      + " (TLS). The port defaults to 1883 for plain and 8883 for TLS.")
  private String url;

  @Default("\"5\"")
  @JsonPropertyDescription("MQTT protocol version: \"5\" (default) or \"3.1.1\".")
  private MqttVersion protocolVersion;

  @JsonPropertyDescription("Secret with the username and password the workers log in with. Absent: anonymous.")
  private CredentialsSecretRef credentialsSecret;

  @JsonPropertyDescription("TLS settings. TLS is on when this is set or the URL scheme is ssl/mqtts.")
  private TlsSpec tls;

  @Min(1)
  @Max(65535)
  @Default("60")
  @JsonPropertyDescription("MQTT keep-alive in seconds. Default 60.")
  private Integer keepAliveSeconds;

  @Default("\"Unsubscribe\"")
  @JsonPropertyDescription("How a worker of a shared group stops (scale-down, rollout). Unsubscribe (default):"
      + " unsubscribe, finish every message the broker already assigned to it, disconnect; for brokers that drop a"
      + " member's queued messages when its session ends (Mosquitto). Handover: keep the subscription, finish the"
      + " messages already started, end the session so the broker gives the unstarted ones to the other workers"
      + " (MQTT 5 recommends it); for HiveMQ, where unsubscribing under load was seen to stall the group. Ordered"
      + " (non-shared) groups always unsubscribe.")
  private DrainMode drainMode;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public MqttVersion getProtocolVersion() {
    return protocolVersion;
  }

  public void setProtocolVersion(MqttVersion protocolVersion) {
    this.protocolVersion = protocolVersion;
  }

  public CredentialsSecretRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(CredentialsSecretRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public Integer getKeepAliveSeconds() {
    return keepAliveSeconds;
  }

  public void setKeepAliveSeconds(Integer keepAliveSeconds) {
    this.keepAliveSeconds = keepAliveSeconds;
  }

  public DrainMode getDrainMode() {
    return drainMode;
  }

  public void setDrainMode(DrainMode drainMode) {
    this.drainMode = drainMode;
  }
}
