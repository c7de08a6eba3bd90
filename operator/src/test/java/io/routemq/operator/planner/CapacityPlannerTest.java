package io.routemq.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {
  private final CapacityPlanner planner = new CapacityPlanner();

  @Test
  void sizesForArrivalsAtTheTargetUtilization() {
    // 5000 msg/s at 70 % of 100 msg/s per worker: 71.4 → 72.
    CapacityPlanner.Plan p = planner.plan(new PlanInput("ingest", 5000, 100, 70, 0, 60, 0, 0, 1, 1000));

    assertThat(p.workers()).isEqualTo(72);
  }

  @Test
  void addsWorkersToDrainABacklog() {
    // 700 msg/s → 10 workers; 60 000 waiting within 60 s at 100 msg/s each → 10 more.
    CapacityPlanner.Plan p = planner.plan(new PlanInput("ingest", 700, 100, 70, 60_000, 60, 0, 0, 1, 1000));

    assertThat(p.workers()).isEqualTo(20);
  }

  @Test
  void largestTargetWinsAndBoundsApply() {
    assertThat(planner.plan(new PlanInput("g", 700, 100, 70, 0, 60, 20, 0, 1, 1000)).workers()).isEqualTo(35);
    assertThat(planner.plan(new PlanInput("g", 5000, 100, 70, 0, 60, 0, 0, 1, 40)).workers()).isEqualTo(40);
    assertThat(planner.plan(new PlanInput("g", 0, 100, 70, 0, 60, 0, 0, 3, 40)).workers()).isEqualTo(3);
  }

  @Test
  void latencyAndThreadsGiveThePerWorkerRate() {
    assertThat(PlanInput.rateFromLatency(250, 4)).isEqualTo(16.0);
  }

  @Test
  void cliPrintsOneLinePerGroup() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = CapacityPlannerCli.run(new String[] {"--group", "ingest", "--rate", "5000", "--per-worker-rate",
        "100", "--group", "alerts", "--rate", "40", "--latency-ms", "250", "--threads", "4", "--max", "3"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(text.lines()).hasSize(3);
    assertThat(text.lines().skip(1).findFirst().orElseThrow()).matches("ingest\\s+5000\\.0\\s+100\\.0\\s+72\\s.*");
    // 40 msg/s at 70 % of 16 msg/s needs 4, more than max 3.
    assertThat(text.lines().skip(2).findFirst().orElseThrow()).matches("alerts\\s+40\\.0\\s+16\\.0\\s+3\\s.*")
        .contains("limited by max 3");
  }

  @Test
  void cliRejectsBadUsageWithExitCodeTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(CapacityPlannerCli.run(new String[] {"--rate", "5"}, System.out, errStream)).isEqualTo(2);
    assertThat(CapacityPlannerCli.run(new String[] {"--group", "g", "--rate", "5"}, System.out, errStream))
        .isEqualTo(2);
    assertThat(CapacityPlannerCli.run(new String[] {"--group", "g", "--rate", "x"}, System.out, errStream))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: capacity-planner", "needs a number");
  }
}
