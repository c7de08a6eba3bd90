package io.routemq.worker.mqtt;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.routemq.worker.config.WorkerConfig;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns a failed connect into one sentence that says what failed, which file or Secret it concerns and what to do:
 * the raw exceptions ("PKIX path building failed", "Received fatal alert: unknown_ca", "NOT_AUTHORIZED") name
 * neither the file nor the fix. Pure: the cause chain and the worker's settings in, text out.
 */
public final class ConnectFailures {
  private ConnectFailures() {}

  public static String explain(Throwable failure, WorkerConfig config) {
    String broker = config.broker().host() + ":" + config.broker().port();
    Optional<WorkerConfig.TlsFiles> tls = config.tls();
    Optional<String> loginRefused = loginRefused(failure);
    if (loginRefused.isPresent()) {
      return config.username().isPresent()
          ? "login refused: the broker at " + broker + " refused user '" + config.username().get() + "' ("
              + loginRefused.get() + "). Check the username and password in the Secret named by"
              + " spec.broker.credentialsSecret against the broker's users (Mosquitto: its password_file); the"
              + " operator rolls the workers when that Secret changes"
          : "login refused: the broker at " + broker + " refused an anonymous login (" + loginRefused.get()
              + "). Set spec.broker.credentialsSecret to a Secret with the username and password";
    }
    String alert = find(failure, SSLException.class).map(Throwable::getMessage).orElse("");
    if (alert.startsWith("Received fatal alert: ")) {
      String name = alert.substring("Received fatal alert: ".length());
      if (tls.flatMap(WorkerConfig.TlsFiles::certFile).isEmpty()) {
        return "TLS: the broker at " + broker + " ended the handshake (" + name + "); it most likely requires a"
            + " client certificate and this worker has none. Set spec.broker.tls.clientCertSecret to a"
            + " kubernetes.io/tls Secret whose certificate is signed by a CA the broker trusts";
      }
      return "TLS: the broker at " + broker + " refused this worker's client certificate "
          + tls.get().certFile().get() + " (from spec.broker.tls.clientCertSecret, alert " + name + "). Check that"
          + " it is signed by a CA the broker trusts (Mosquitto: the listener's cafile), is meant for client"
          + " authentication and has not expired";
    }
    Optional<CertificateExpiredException> expired = find(failure, CertificateExpiredException.class);
    if (expired.isPresent()) {
      return "TLS: the broker's certificate at " + broker + " has expired (" + expired.get().getMessage()
          + "). Renew it on the broker";
    }
    if (find(failure, CertPathBuilderException.class).isPresent()
        || find(failure, CertPathValidatorException.class).isPresent()) {
      return "TLS: the broker's certificate at " + broker + " is not signed by a CA this worker trusts ("
          + trustSource(tls) + "). Put the CA that signed the broker's certificate in the Secret named by"
          + " spec.broker.tls.caSecret, key ca.crt; the operator rolls the workers when that Secret changes";
    }
    Optional<CertificateException> naming = find(failure, CertificateException.class)
        .filter(e -> e.getMessage() != null
            && (e.getMessage().startsWith("No subject alternative") || e.getMessage().startsWith("No name matching")));
    if (naming.isPresent()) {
      return "TLS: the broker's certificate at " + broker + " does not name " + config.broker().host() + " ("
          + naming.get().getMessage() + "). Use a host in its subject alternative names in spec.broker.url, add "
          + config.broker().host() + " to them, or set spec.broker.tls.verifyHostname false (any certificate"
          + " signed by the CA is then accepted)";
    }
    if (alert.contains("Unsupported or unrecognized SSL message") || alert.contains("not an SSL/TLS record")) {
      return "TLS: the broker at " + broker + " does not answer TLS on this port. Use the port of its TLS listener"
          + " (often 8883), or a tcp:// URL without spec.broker.tls for a plain listener";
    }
    if (find(failure, ConnectException.class).isPresent()) {
      return "cannot connect: nothing accepts connections at " + broker + " (" + failure.getMessage() + ")."
          + " Check spec.broker.url and that the broker runs";
    }
    return "cannot connect to " + broker + ": " + failure.getMessage();
  }

  private static String trustSource(Optional<WorkerConfig.TlsFiles> tls) {
    Optional<Path> ca = tls.flatMap(WorkerConfig.TlsFiles::caFile);
    return ca.map(p -> "CA file " + p).orElse("no CA file given: the JVM's default trust store");
  }

  private static Optional<String> loginRefused(Throwable failure) {
    Optional<String> v5 = find(failure, Mqtt5ConnAckException.class)
        .map(e -> e.getMqttMessage().getReasonCode())
        .filter(code -> switch (code) {
          case NOT_AUTHORIZED, BAD_USER_NAME_OR_PASSWORD, BAD_AUTHENTICATION_METHOD, BANNED -> true;
          default -> false;
        })
        .map(Enum::name);
    if (v5.isPresent()) {
      return v5;
    }
    return find(failure, Mqtt3ConnAckException.class)
        .map(e -> e.getMqttMessage().getReturnCode())
        .filter(code -> switch (code) {
          case NOT_AUTHORIZED, BAD_USER_NAME_OR_PASSWORD -> true;
          default -> false;
        })
        .map(Enum::name);
  }

  private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
