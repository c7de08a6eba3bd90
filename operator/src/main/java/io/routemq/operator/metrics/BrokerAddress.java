package io.routemq.operator.metrics;

/** Where the operator's own MQTT connections go; credentials are optional (null). */
public record BrokerAddress(String host, int port, String username, String password) {

  public static BrokerAddress of(String host, int port) {
    return new BrokerAddress(host, port, null, null);
  }
}
