package io.routemq.e2e.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.routemq.crds.CrCorpus;
import io.routemq.crds.validation.CrdValidator;
import io.routemq.crds.validation.KubectlYaml;
import io.routemq.e2e.kube.DryRunCreate.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A real control plane with the CRD of deploy/crds/ installed as the README installs it, asked about every file of
 * the CR corpus; our own checker (schema defaults, structural schema, CEL) answers beside it.
 */
final class CorpusOnApiServer implements AutoCloseable {
  static final Path REPO = KubeComponents.repoRoot(Path.of("").toAbsolutePath())
      .orElseThrow(() -> new IllegalStateException("run from inside the repository"));
  static final Path CRDS = REPO.resolve("deploy/crds");
  /** Where a corpus resource without a namespace of its own is created. */
  private static final String NAMESPACE = "corpus";

  /** How the corpus fared: accepted of the valid, refused as expected of the invalid, same verdict as ours. */
  record Tally(int validAccepted, int valid, int invalidRejected, int invalid, int agreeWithLocalChecker) {}

  private final RealControlPlane plane;
  private final Kubectl kubectl;
  private final CrdValidator localChecker;
  private final Map<CrCorpus.Case, Verdict> answers = new ConcurrentHashMap<>();
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();

  private CorpusOnApiServer(RealControlPlane plane, Kubectl kubectl, CrdValidator localChecker) {
    this.plane = plane;
    this.kubectl = kubectl;
    this.localChecker = localChecker;
  }

  /** Starts a control plane under target/real-control-plane/{name} and installs the CRD; returns once Established. */
  static CorpusOnApiServer start(String name) {
    RealControlPlane plane = RealControlPlane.start(Path.of("target", "real-control-plane", name));
    try {
      Kubectl kubectl = new Kubectl(plane.adminKubeconfig());
      Path crd = crdFile();
      kubectl.ok("apply", "-f", CRDS.toString());
      String crdName = KubectlYaml.read(Files.readString(crd)).path("metadata").path("name").asText();
      kubectl.ok("wait", "--for=condition=Established", "--timeout=60s", "crd/" + crdName);
      return new CorpusOnApiServer(plane, kubectl, CrdValidator.load(crd));
    } catch (IOException e) {
      plane.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      plane.close();
      throw e;
    }
  }

  /** The single CRD file under deploy/crds/. */
  static Path crdFile() {
    try (Stream<Path> files = Files.list(CRDS)) {
      List<Path> crds = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList();
      if (crds.size() != 1) {
        throw new IllegalStateException(CRDS + " should hold exactly one CRD, holds " + crds);
      }
      return crds.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RealControlPlane plane() {
    return plane;
  }

  Kubectl kubectl() {
    return kubectl;
  }

  /** The API server's answer to creating {@code resource} (asked once, then remembered). */
  Verdict apiServer(CrCorpus.Case resource) {
    return answers.computeIfAbsent(resource, r -> {
      String namespace = namespaceOf(r.file());
      ensureNamespace(namespace);
      return DryRunCreate.verdict(kubectl.run(DryRunCreate.args(r.file(), namespace)));
    });
  }

  /** Our checker's answer to creating {@code resource}. */
  Verdict localChecker(CrCorpus.Case resource) {
    List<String> errors = localChecker.validate(resource.file());
    return new Verdict(errors.isEmpty(), OptionalInt.empty(), String.join("\n", errors));
  }

  /** Whether {@code verdict} is what the corpus expects: accepted, or refused with the expected message. */
  static boolean asExpected(CrCorpus.Case resource, Verdict verdict) {
    return resource.valid() ? verdict.accepted()
        : !verdict.accepted() && verdict.message().contains(resource.expectedMessage());
  }

  /** Every corpus file put to the API server and to our checker. */
  Tally tally() {
    List<CrCorpus.Case> valid = CrCorpus.valid(REPO);
    List<CrCorpus.Case> invalid = CrCorpus.invalid(REPO);
    int agree = 0;
    for (CrCorpus.Case resource : CrCorpus.all(REPO)) {
      agree += apiServer(resource).accepted() == localChecker(resource).accepted() ? 1 : 0;
    }
    return new Tally(count(valid), valid.size(), count(invalid), invalid.size(), agree);
  }

  private int count(List<CrCorpus.Case> resources) {
    return (int) resources.stream().filter(r -> asExpected(r, apiServer(r))).count();
  }

  private static String namespaceOf(Path file) {
    try {
      return KubectlYaml.read(Files.readString(file)).path("metadata").path("namespace").asText(NAMESPACE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void ensureNamespace(String name) {
    if (namespaces.add(name) && plane.client().namespaces().withName(name).get() == null) {
      plane.client().namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
  }

  @Override
  public void close() {
    plane.close();
  }
}
