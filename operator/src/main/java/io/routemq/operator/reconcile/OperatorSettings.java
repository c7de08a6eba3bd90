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
 */
public record OperatorSettings(Set<String> handlerCatalog, Duration invalidSpecRetry) {

  public static OperatorSettings defaults() {
    return new OperatorSettings(SpecValidator.BUILT_IN_HANDLERS, Duration.ofSeconds(30));
  }
}
