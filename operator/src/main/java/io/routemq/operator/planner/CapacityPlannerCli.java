package io.routemq.operator.planner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line for {@link CapacityPlanner}. Each {@code --group} starts a new group; the options after it apply to
 * it. Exit code 0 on success, 2 on a usage error.
 */
public final class CapacityPlannerCli {
  static final String USAGE = String.join("\n",
      "usage: capacity-planner --group NAME --rate MSG_PER_S (--per-worker-rate MSG_PER_S | --latency-ms MS"
          + " [--threads N])",
      "                        [--utilization PERCENT] [--backlog MESSAGES] [--drain-seconds S]",
      "                        [--target-rate-per-worker MSG_PER_S] [--queue-per-worker N] [--min N] [--max N]",
      "                        [--group NAME ...]",
      "  --rate                  expected arrival rate of the group",
      "  --per-worker-rate       measured msg/s of one fully busy worker (status.groups[].capacityPerWorker)",
      "  --latency-ms/--threads  or: measured handler latency and handler threads (rate = threads x 1000 / ms)",
      "  --utilization           share of capacity to plan for, default 70",
      "  --backlog/--drain-seconds  messages to work off on top of arrivals, within S seconds (default 60)",
      "  --min/--max             bounds, default 1 and 1000",
      "example: capacity-planner --group ingest --rate 5000 --per-worker-rate 120 --group alerts --rate 40"
          + " --latency-ms 250 --threads 4");

  private CapacityPlannerCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<PlanInput> inputs;
    try {
      inputs = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    CapacityPlanner planner = new CapacityPlanner();
    out.println(String.format(Locale.ROOT, "%-16s %10s %12s %8s %11s %8s %9s  %s", "GROUP", "RATE", "PER-WORKER",
        "WORKERS", "BY-CAPACITY", "BY-RATE", "BY-QUEUE", "NOTE"));
    for (PlanInput in : inputs) {
      CapacityPlanner.Plan p = planner.plan(in);
      String note = p.decision().scalingLimited() ? "limited by max " + in.max()
          : p.workers() == in.min() && p.decision().sizing().needed() < in.min() ? "at min " + in.min() : "";
      out.println(String.format(Locale.ROOT, "%-16s %10.1f %12.1f %8d %11d %8d %9d  %s", in.group(),
          in.expectedRate(), in.perWorkerRate(), p.workers(), p.decision().sizing().byCapacity(),
          p.decision().sizing().byMessageRate(), p.decision().sizing().byQueueDepth(), note));
    }
    return 0;
  }

  static List<PlanInput> parse(String[] args) {
    List<PlanInput> out = new ArrayList<>();
    Builder b = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        throw new IllegalArgumentException("help requested");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + a);
      }
      String v = args[++i];
      if (a.equals("--group")) {
        if (b != null) {
          out.add(b.build());
        }
        b = new Builder(v);
        continue;
      }
      if (b == null) {
        throw new IllegalArgumentException(a + " before --group");
      }
      switch (a) {
        case "--rate" -> b.rate = number(a, v);
        case "--per-worker-rate" -> b.perWorker = number(a, v);
        case "--latency-ms" -> b.latency = number(a, v);
        case "--threads" -> b.threads = (int) number(a, v);
        case "--utilization" -> b.utilization = (int) number(a, v);
        case "--backlog" -> b.backlog = (long) number(a, v);
        case "--drain-seconds" -> b.drain = (int) number(a, v);
        case "--target-rate-per-worker" -> b.ratePerWorker = number(a, v);
        case "--queue-per-worker" -> b.queuePerWorker = (int) number(a, v);
        case "--min" -> b.min = (int) number(a, v);
        case "--max" -> b.max = (int) number(a, v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (b == null) {
      throw new IllegalArgumentException("no --group given");
    }
    out.add(b.build());
    return out;
  }

  private static double number(String option, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, got '" + v + "'");
    }
  }

  private static final class Builder {
    final String group;
    double rate = -1;
    double perWorker;
    double latency;
    int threads = 1;
    int utilization = 70;
    long backlog;
    int drain = 60;
    double ratePerWorker;
    int queuePerWorker;
    int min = 1;
    int max = 1000;

    Builder(String group) {
      this.group = group;
    }

    PlanInput build() {
      if (rate < 0) {
        throw new IllegalArgumentException("group " + group + " needs --rate");
      }
      double worker = perWorker > 0 ? perWorker : latency > 0 ? PlanInput.rateFromLatency(latency, threads) : 0;
      if (worker <= 0) {
        throw new IllegalArgumentException("group " + group + " needs --per-worker-rate or --latency-ms");
      }
      if (utilization < 1 || utilization > 100) {
        throw new IllegalArgumentException("--utilization must be 1..100");
      }
      if (min < 0 || max < Math.max(1, min)) {
        throw new IllegalArgumentException("need 0 <= min <= max and max >= 1");
      }
      return new PlanInput(group, rate, worker, utilization, backlog, drain, ratePerWorker, queuePerWorker, min, max);
    }
  }
}
