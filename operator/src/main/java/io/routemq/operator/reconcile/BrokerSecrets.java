package io.routemq.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.CredentialsSecretRef;
import io.routemq.crds.v1alpha1.TlsSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A hash of what the workers read from the broker's Secrets (the username and password keys, ca.crt, tls.crt and
 * tls.key), put on the pod template so that a rotation in a Secret rolls the workers: they read the values only
 * when they start (env from secretKeyRef is fixed at container start; the TLS files are loaded once). Pure.
 *
 * <p>Only the keys the workers use count, so an unrelated key added to a shared Secret rolls nothing. The hash is
 * SHA-256 over every value together and is cut to 16 hex digits: it tells versions apart and gives no practical
 * way back to a password.
 */
public final class BrokerSecrets {
  private BrokerSecrets() {}

  /** Whether the broker spec names any Secret. */
  public static boolean referencesSecrets(BrokerSpec broker) {
    TlsSpec tls = broker.getTls();
    return broker.getCredentialsSecret() != null
        || (tls != null && (tls.getCaSecret() != null || tls.getClientCertSecret() != null));
  }

  /** Empty when the cluster names no Secret (then the pod template has no such annotation). */
  public static Optional<String> hash(BrokerSpec broker, Function<String, Optional<Secret>> secrets) {
    List<String> parts = new ArrayList<>();
    CredentialsSecretRef creds = broker.getCredentialsSecret();
    if (creds != null) {
      add(parts, secrets, creds.getName(), List.of(creds.effectiveUsernameKey(), creds.effectivePasswordKey()));
    }
    TlsSpec tls = broker.getTls();
    if (tls != null && tls.getCaSecret() != null) {
      add(parts, secrets, tls.getCaSecret(), List.of("ca.crt"));
    }
    if (tls != null && tls.getClientCertSecret() != null) {
      add(parts, secrets, tls.getClientCertSecret(), List.of("tls.crt", "tls.key"));
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so that moving a character from one value to the next changes the hash.
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        sha.update(bytes);
      }
      return Optional.of(HexFormat.of().formatHex(sha.digest(), 0, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static void add(List<String> parts, Function<String, Optional<Secret>> secrets, String name,
      List<String> keys) {
    parts.add(name);
    Optional<Secret> secret = secrets.apply(name);
    for (String key : keys) {
      parts.add(key);
      // A missing Secret or key is rejected by the validator before anything is applied; it hashes as absent.
      parts.add(secret.map(s -> value(s, key)).orElse("\u0000absent"));
    }
  }

  /** The value as stored (base64 of the bytes); stringData, which an API server folds into data, counts the same. */
  static String value(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return Base64.getEncoder().encodeToString(secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8));
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    return encoded == null ? "\u0000absent" : encoded;
  }
}
