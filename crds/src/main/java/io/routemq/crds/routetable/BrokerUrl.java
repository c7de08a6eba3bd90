package io.routemq.crds.routetable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A broker address as {@code spec.broker.url} gives it ({@code scheme://host[:port]}), parsed by
 * the one rule the operator validates with and every MQTT client of the project connects by.
 *
 * @param host host name or address
 * @param port TCP port; 1883 by default, 8883 for TLS
 * @param tls whether the scheme asks for TLS (ssl, mqtts)
 */
public record BrokerUrl(String host, int port, boolean tls) {

  /**
   * @throws IllegalArgumentException saying why the URL cannot be used
   */
  public static BrokerUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("it is not a URL");
    }
    // URI schemes are case-insensitive (RFC 3986).
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
    if (!tls && !scheme.equals("tcp") && !scheme.equals("mqtt")) {
      throw new IllegalArgumentException("the scheme must be tcp, mqtt, ssl or mqtts");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("it has no valid host name");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new IllegalArgumentException("the port must be between 1 and 65535");
    }
    return new BrokerUrl(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883, tls);
  }
}
