package io.routemq.crds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The custom resources whose verdict is known, read from a checkout: every file the API server must accept
 * (cr-corpus/valid, the samples under deploy/, the sandbox's cluster) and every file it must reject, with the
 * part of the message its first line names ({@code # expect: <part of the message>}). Shared by CrCorpusTest
 * (our own checker) and the e2e tests that ask a real API server.
 */
public final class CrCorpus {

  private static final String EXPECT = "# expect: ";
  private static final Path CORPUS = Path.of("crds/src/test/resources/cr-corpus");

  /** One file of the corpus; {@code expectedMessage} is null for a resource that must be accepted. */
  public record Case(String name, Path file, String expectedMessage) {
    public boolean valid() {
      return expectedMessage == null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private CrCorpus() {}

  /** Every resource that must be accepted, sorted by folder then name. */
  public static List<Case> valid(Path repoRoot) {
    return Stream.of(
            yamlFiles(repoRoot.resolve(CORPUS).resolve("valid")),
            yamlFiles(repoRoot.resolve("deploy/samples")),
            Stream.of(repoRoot.resolve("deploy/kind/sample.yaml"),
                repoRoot.resolve("e2e-tests/src/main/resources/sandbox/demo-cluster.yaml")))
        .flatMap(s -> s)
        .map(file -> new Case(name(repoRoot, file), file, null))
        .toList();
  }

  /** Every resource that must be rejected, with its expected message; fails on a file that names none. */
  public static List<Case> invalid(Path repoRoot) {
    return yamlFiles(repoRoot.resolve(CORPUS).resolve("invalid"))
        .map(file -> new Case(name(repoRoot, file), file, expectation(file)))
        .toList();
  }

  /** The valid cases, then the invalid ones. */
  public static List<Case> all(Path repoRoot) {
    return Stream.concat(valid(repoRoot).stream(), invalid(repoRoot).stream()).toList();
  }

  private static String expectation(Path file) {
    String firstLine;
    try (Stream<String> lines = Files.lines(file)) {
      firstLine = lines.findFirst().orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String expected = firstLine.startsWith(EXPECT) ? firstLine.substring(EXPECT.length()).strip() : "";
    if (expected.isEmpty()) {
      throw new IllegalStateException(file + ": an invalid case starts with '" + EXPECT + "<part of the message>'");
    }
    return expected;
  }

  private static String name(Path repoRoot, Path file) {
    return repoRoot.relativize(file).toString().replace('\\', '/');
  }

  private static Stream<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
