package io.routemq.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Leader election on the real API server: the standby takes over a killed leader within 20 s (see the scenario). */
class LeaderFailoverE2E {

  @Test
  void theStandbyTakesOverAKilledLeaderAndNoWorkerCountChanges() throws Exception {
    try (FleetFixture f = FleetFixture.start("hivemq", "leader", LeaderFailoverScenario.group())) {
      LeaderFailoverScenario.Outcome outcome = LeaderFailoverScenario.run(f);
      System.out.println(outcome.benchLine("hivemq"));
      assertThat(outcome.failoverSeconds()).as("failover").isLessThanOrEqualTo(20);
      assertThat(outcome.historyAfter()).as("no scaling event after the failover; newest first: %s",
          outcome.historyAfter().stream().map(e -> e.getTime() + " " + e.getMessage()).toList())
          .hasSameSizeAs(outcome.historyBefore());
      assertThat(outcome.desiredAfter()).isEqualTo(outcome.desiredBefore());
      assertThat(outcome.lost()).as("messages lost across the failover").isZero();
    }
  }
}
