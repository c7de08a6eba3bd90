package io.routemq.e2e.kube;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
      Process process = new ProcessBuilder(binary.toString()).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(objectJson.getBytes(UTF_8));
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(binary + " did not finish in 30 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(binary + " failed (exit " + process.exitValue() + "): " + err.join());
      }
      JsonNode verdict = JSON.readTree(out.join());
      return new Verdict(verdict.path("status").asText(), verdict.path("message").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + binary, e);
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
