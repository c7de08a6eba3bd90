package io.routemq.crds.routetable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerContractTest {

  @Test
  void aSharedWorkerTakesAQuarterMoreThanItsThreadsAtLeastTwo() {
    assertThat(WorkerContract.receiveMaximum(1, true)).isEqualTo(3);
    assertThat(WorkerContract.receiveMaximum(4, true)).isEqualTo(6);
    assertThat(WorkerContract.receiveMaximum(64, true)).isEqualTo(80);
    assertThat(WorkerContract.receiveMaximum(65, true)).isEqualTo(82);
  }

  @Test
  void aNonSharedWorkerTakesItsConcurrencyAndNothingExceedsWhatMqttCarries() {
    assertThat(WorkerContract.receiveMaximum(4, false)).isEqualTo(4);
    assertThat(WorkerContract.receiveMaximum(65_535, true)).isEqualTo(65_535);
    assertThat(WorkerContract.receiveMaximum(60_000, true)).isEqualTo(65_535);
  }
}
