package io.routemq.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.routemq.crds.routetable.RouteTable;
import org.junit.jupiter.api.Test;

class RetriesTest {
  @Test
  void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
    Retries r = Retries.of(new RouteTable.FailurePolicy(6, 100, 500, "dead"));
    assertThat(r.backoffBefore(2)).isEqualTo(100);
    assertThat(r.backoffBefore(3)).isEqualTo(200);
    assertThat(r.backoffBefore(4)).isEqualTo(400);
    assertThat(r.backoffBefore(5)).isEqualTo(500);
  }

  @Test
  void atLeastOneAttempt() {
    assertThat(Retries.of(new RouteTable.FailurePolicy(0, 1, 1, "d")).maxAttempts()).isEqualTo(1);
  }
}
