package io.routemq.operator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Desired-state builders, validation and status aggregation are pure functions: they may build
 * Kubernetes model objects but never reach an API server, JOSDK or Quarkus. The build enforces it.
 */
class PurityTest {

  private static final JavaClasses OPERATOR = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.routemq.operator");

  private static final DescribedPredicate<JavaClass> PURE = resideInAnyPackage(
      "io.routemq.operator.status..", "io.routemq.operator.validation..")
      .or(resideInAPackage("io.routemq.operator.reconcile").and(
          simpleName("WorkerDeployments").or(simpleName("RouteConfigMaps")).or(simpleName("ScalingObjects"))
              .or(simpleName("DesiredState")).or(simpleName("DesiredGroup")).or(simpleName("ReplicaPlanner"))
              .or(simpleName("ReplicaDecider")).or(simpleName("DriftMatcher")).or(simpleName("ObservedState"))
              .or(simpleName("Labels"))));

  private static final DescribedPredicate<JavaClass> IO = resideInAnyPackage(
      "io.javaoperatorsdk..", "io.quarkus..", "jakarta..", "io.micrometer..")
      .or(resideInAPackage("io.fabric8.kubernetes.client..")
          .and(not(resideInAPackage("io.fabric8.kubernetes.client.utils.."))))
      .as("an API client, JOSDK, Quarkus, CDI or metrics");

  @Test
  void buildersValidationAndStatusDoNoIo() {
    noClasses().that(PURE).should().dependOnClassesThat(IO).check(OPERATOR);
  }
}
