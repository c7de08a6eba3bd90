package io.routemq.operator.validation;

import io.fabric8.kubernetes.api.model.Secret;
import io.routemq.crds.routetable.BrokerUrl;
import io.routemq.crds.v1alpha1.BrokerSpec;
import io.routemq.crds.v1alpha1.CredentialsSecretRef;
import io.routemq.crds.v1alpha1.GroupSpec;
import io.routemq.crds.v1alpha1.RouteMQCluster;
import io.routemq.crds.v1alpha1.RouteSpec;
import io.routemq.crds.v1alpha1.TlsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks what the CRD cannot: referenced Secrets and their keys, handler names against the worker
 * image's catalog, and the broker URL as the worker will parse it (pure; Secrets come through a lookup).
 */
public final class SpecValidator {

  /** Handlers every worker image has. */
  public static final Set<String> BUILT_IN_HANDLERS = Set.of("log", "republish", "http", "noop");
  /**
   * Annotation on a RouteMQCluster listing extra handler names its worker image provides (comma
   * separated): the operator cannot look inside an image, so a custom image declares its catalog.
   */
  public static final String EXTRA_HANDLERS_ANNOTATION = "routemq.io/handlers";


  private final Set<String> catalog;

  /** @param catalog handler names every worker image is known to provide */
  public SpecValidator(Set<String> catalog) {
    this.catalog = Set.copyOf(catalog);
  }

  public List<SpecProblem> validate(RouteMQCluster cluster, Function<String, Optional<Secret>> secrets) {
    List<SpecProblem> problems = new ArrayList<>();
    BrokerSpec broker = cluster.getSpec().getBroker();
    checkBrokerUrl(broker.getUrl()).ifPresent(problems::add);
    CredentialsSecretRef creds = broker.getCredentialsSecret();
    if (creds != null) {
      checkSecret(secrets, creds.getName(), "broker.credentialsSecret",
          List.of(creds.effectiveUsernameKey(), creds.effectivePasswordKey())).ifPresent(problems::add);
    }
    TlsSpec tls = broker.getTls();
    if (tls != null && tls.getCaSecret() != null) {
      checkSecret(secrets, tls.getCaSecret(), "broker.tls.caSecret", List.of("ca.crt"))
          .ifPresent(problems::add);
    }
    if (tls != null && tls.getClientCertSecret() != null) {
      checkSecret(secrets, tls.getClientCertSecret(), "broker.tls.clientCertSecret",
          List.of("tls.crt", "tls.key")).ifPresent(problems::add);
    }
    checkHandlers(cluster).ifPresent(problems::add);
    for (GroupSpec group : cluster.getSpec().getGroups()) {
      RouteTableSize.check(cluster, group).ifPresent(problems::add);
    }
    return problems;
  }

  static Optional<SpecProblem> checkBrokerUrl(String url) {
    try {
      BrokerUrl.parse(url);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(brokerProblem(url, e.getMessage()));
    }
  }

  private static SpecProblem brokerProblem(String url, String why) {
    return new SpecProblem(SpecProblem.INVALID_BROKER_URL,
        "spec.broker.url \"" + url + "\" cannot be used: " + why + " (expected scheme://host[:port])");
  }

  private static Optional<SpecProblem> checkSecret(
      Function<String, Optional<Secret>> secrets, String name, String field, List<String> keys) {
    Optional<Secret> secret = secrets.apply(name);
    if (secret.isEmpty()) {
      return Optional.of(new SpecProblem(SpecProblem.SECRET_NOT_FOUND,
          "Secret \"" + name + "\" named by spec." + field + " does not exist in this namespace"));
    }
    List<String> missing = keys.stream().filter(k -> !hasKey(secret.get(), k)).toList();
    if (!missing.isEmpty()) {
      return Optional.of(new SpecProblem(SpecProblem.SECRET_KEY_MISSING,
          "Secret \"" + name + "\" named by spec." + field + " has no key " + String.join(", ", missing)));
    }
    return Optional.empty();
  }

  private static boolean hasKey(Secret secret, String key) {
    return contains(secret.getData(), key) || contains(secret.getStringData(), key);
  }

  private static boolean contains(Map<String, String> map, String key) {
    return map != null && map.containsKey(key);
  }

  private Optional<SpecProblem> checkHandlers(RouteMQCluster cluster) {
    Set<String> known = new TreeSet<>(catalog);
    known.addAll(extraHandlers(cluster));
    List<String> unknown = new ArrayList<>();
    for (GroupSpec group : cluster.getSpec().getGroups()) {
      for (RouteSpec route : group.getRoutes()) {
        String type = route.getHandler() == null ? null : route.getHandler().getType();
        if (type == null || !known.contains(type)) {
          unknown.add("group " + group.getName() + " route " + route.getTopic() + " handler " + type);
        }
      }
    }
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SpecProblem(SpecProblem.UNKNOWN_HANDLER,
        "handler type unknown to the worker image: " + String.join("; ", unknown) + ". Known: "
            + String.join(", ", known) + " (list a custom image's handlers in the annotation "
            + EXTRA_HANDLERS_ANNOTATION + ")"));
  }

  static Set<String> extraHandlers(RouteMQCluster cluster) {
    Map<String, String> annotations = cluster.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(EXTRA_HANDLERS_ANNOTATION);
    Set<String> extra = new TreeSet<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          extra.add(name.trim());
        }
      }
    }
    return extra;
  }
}
