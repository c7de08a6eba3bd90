package io.routemq.operator.reconcile;

import io.routemq.operator.validation.SpecValidator;
import java.time.Duration;
import java.util.Set;

/**
 * Run-time settings of the reconciler (in Quarkus from {@code routemq.operator.*}).
 *
 * @param handlerCatalog handler names every worker image provides
 * @param invalidSpecRetry how soon a rejected spec is checked again (a missing Secret may appear
 *     without any event the operator watches)
 * @param secretRecheck how soon a cluster that names broker Secrets is reconciled again at the latest, so that a
 *     rotated password or certificate rolls its workers (the operator may get Secrets, not watch them)
 */
public record OperatorSettings(Set<String> handlerCatalog, Duration invalidSpecRetry, Duration secretRecheck) {

  public static OperatorSettings defaults() {
    return new OperatorSettings(SpecValidator.BUILT_IN_HANDLERS, Duration.ofSeconds(30), Duration.ofSeconds(30));
  }
}
