package io.routemq.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD checked in under deploy/crds/ is exactly what the API types generate. */
class CrdDriftTest {

  @Test
  void checkedInCrdMatchesGeneratedCrd() throws IOException {
    Path generated = Path.of(System.getProperty("crd.output"));
    Path checkedIn = Path.of(System.getProperty("crd.checkedIn"));
    assertThat(checkedIn)
        .as("deploy/crds/ has no CRD: run ./mvnw -B -pl crds -Pupdate-crds process-classes")
        .exists();
    assertThat(Files.readString(checkedIn))
        .as("deploy/crds/%s is out of date with the API types in crds/:"
                + " run ./mvnw -B -pl crds -Pupdate-crds process-classes and commit the result",
            checkedIn.getFileName())
        .isEqualTo(Files.readString(generated));
  }
}
