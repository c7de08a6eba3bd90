package io.routemq.e2e.load;

import java.net.URI;

/** host and port of an MQTT broker URL such as {@code tcp://127.0.0.1:1883}. */
public record BrokerAddress(String host, int port, boolean tls) {

  public static BrokerAddress parse(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
    if (!tls && !scheme.equals("tcp") && !scheme.equals("mqtt")) {
      throw new IllegalArgumentException("broker URL " + url + " needs scheme tcp, mqtt, ssl or mqtts");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("broker URL " + url + " has no host");
    }
    return new BrokerAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883, tls);
  }
}
