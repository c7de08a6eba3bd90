package io.routemq.operator.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Run-time configuration under {@code routemq.operator}. */
@ConfigMapping(prefix = "routemq.operator")
public interface OperatorConfig {

  /** Handler names every worker image provides; a route naming another handler is rejected. */
  @WithDefault("log,republish,http,noop")
  Set<String> handlers();

  /** How soon a rejected spec is checked again. */
  @WithDefault("30s")
  Duration invalidSpecRetry();

  /**
   * How soon a cluster that names broker Secrets is reconciled again at the latest: the longest a rotated password
   * or certificate waits before the operator rolls the workers (Secrets are read with get, never watched).
   */
  @WithDefault("30s")
  Duration secretRecheck();

  /** How long one worker's metrics endpoint may take to answer before its sample counts as missing. */
  @WithDefault("2s")
  Duration scrapeTimeout();

  /** Leader-election lease settings (used in the profiles named by quarkus.operator-sdk.activate-leader-election-for-profiles). */
  LeaderElection leaderElection();

  /** Leader election. */
  interface LeaderElection {
    /** Name of the Lease. */
    @WithDefault("routemq-operator-lease")
    String leaseName();

    /** Namespace of the Lease; default: the operator's own namespace. */
    Optional<String> leaseNamespace();
  }
}
