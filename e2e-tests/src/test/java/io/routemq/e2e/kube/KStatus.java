package io.routemq.e2e.kube;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * sigs.k8s.io/cli-utils' kstatus rules, built from their Go module ({@code e2e-tests/kubernetes/kstatus/}): what
 * Flux's health checks, kpt and cli-utils make of an object's status. Judging our status with the library itself
 * is the point: its rules have corners (a Ready condition is read too; an object with no status at all is Current).
 */
public final class KStatus {
  /** kstatus' verdict: Current, InProgress, Failed, Terminating, NotFound or Unknown, and why. */
  public record Verdict(String status, String message) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path binary;

  private KStatus(Path binary) {
    this.binary = binary;
  }

  /** Builds the command on first use (a few seconds; the Go module proxy is needed once). */
  public static KStatus locate() {
    return new KStatus(KubeComponents.tool("kstatus"));
  }

  /** The verdict on one object as JSON, e.g. what {@code kubectl get <kind> <name> -o json} prints. */
  public Verdict of(String objectJson) {
    try {
      Kubectl.Result result = Kubectl.exec(List.of(binary.toString()), objectJson.getBytes(UTF_8), 30);
      if (!result.succeeded()) {
        throw new AssertionError("kstatus failed: " + result);
      }
      JsonNode verdict = JSON.readTree(result.out());
      return new Verdict(verdict.path("status").asText(), verdict.path("message").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
