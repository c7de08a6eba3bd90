package io.routemq.e2e.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Kubeconfig files for one API server, with the CA and credentials embedded, so that a file can be handed to
 * kubectl, a Fabric8 client or another process on its own.
 */
final class Kubeconfigs {

  private final String serverUrl;
  private final Path caCert;

  Kubeconfigs(String serverUrl, Path caCert) {
    this.serverUrl = serverUrl;
    this.caCert = caCert;
  }

  /** A kubeconfig that authenticates with a client certificate (the user name is the certificate's CN). */
  Path writeForCertificate(Path file, String user, ClusterPki.Pair credentials) {
    return write(file, user, "    client-certificate-data: " + base64(credentials.cert()) + "\n"
        + "    client-key-data: " + base64(credentials.key()) + "\n");
  }

  /** A kubeconfig that authenticates with a bearer token (a service account's). */
  Path writeForToken(Path file, String user, String token) {
    return write(file, user, "    token: " + token + "\n");
  }

  /** The name of the one context a kubeconfig written here for {@code user} has. */
  static String context(String user) {
    return user + "@routemq-test";
  }

  private Path write(Path file, String user, String credentials) {
    String text = "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: routemq-test\n"
        + "  cluster:\n"
        + "    server: " + serverUrl + "\n"
        + "    certificate-authority-data: " + base64(caCert) + "\n"
        + "users:\n"
        + "- name: " + user + "\n"
        + "  user:\n"
        + credentials
        + "contexts:\n"
        + "- name: " + context(user) + "\n"
        + "  context:\n"
        + "    cluster: routemq-test\n"
        + "    user: " + user + "\n"
        + "current-context: " + context(user) + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String base64(Path file) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
