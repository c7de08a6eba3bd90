package io.routemq.operator.autoscaling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine, its metrics parsing and the planner stay plain Java, so they run with simulated time. */
class AutoscalingPurityTest {

  @Test
  void engineHasNoKubernetesOrFrameworkDependency() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.routemq.operator.autoscaling", "io.routemq.operator.metrics",
            "io.routemq.operator.planner");
    noClasses().that().resideInAnyPackage("io.routemq.operator.autoscaling..", "io.routemq.operator.metrics..",
            "io.routemq.operator.planner..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..", "io.quarkus..", "jakarta..")
        .check(classes);
  }
}
