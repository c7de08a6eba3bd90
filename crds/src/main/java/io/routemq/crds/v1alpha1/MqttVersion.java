package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The MQTT protocol version a worker speaks. */
public enum MqttVersion {
  @JsonProperty("5")
  V5,
  @JsonProperty("3.1.1")
  V3_1_1
}
