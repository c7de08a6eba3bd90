package io.routemq.e2e.cost;

import io.routemq.crds.routetable.RouteTable;
import io.routemq.crds.routetable.RouteTableCodec;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.e2e.kube.FreePorts;
import io.routemq.e2e.node.AppImage;
import io.routemq.worker.testing.MosquittoBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Opt-in (-Pbench): what a worker costs per message, beside the least a consumer can cost, in one run. Every party
 * is a process of its own: the broker (Mosquitto, or HiveMQ CE in its own JVM), a Java publisher sending 100-byte
 * QoS 1 messages at a steady rate, and one consumer at a time on a shared subscription — the packaged worker
 * (started as its image starts it: from its folder, with the class-data archive and the image's JVM flags under
 * the sample's 512 MiB limit; a no-op route), a bare HiveMQ-client consumer, and {@code mosquitto_sub} (one byte of
 * output per message, counted). CPU is the consumer's user plus system time from the OS over a window after a
 * warm-up, divided by the messages it received in that window (its own count); {@code kept_up} names the consumers
 * that then had every message within 30 s.
 *
 * <p>Prints {@code BENCH worker_cost broker=… rate=… worker_cpu_us_per_msg=… bare_hivemq_cpu_us_per_msg=…
 * mosquitto_sub_cpu_us_per_msg=… ratio_vs_bare_hivemq=… …_switches_per_msg=…} per rate (context switches per
 * message of each consumer: the thread hand-offs; {@code received_per_s}: worker, bare, mosquitto_sub, lower than the
 * rate when the broker could not take it), {@code BENCH worker_burst broker=…
 * worker_msgs_per_s=… bare_msgs_per_s=… ratio=…} and {@code BENCH worker_startup broker=… ready_s=… rss_idle_mb=…
 * rss_load_mb=… idle_cpu_pct=…} (ready: from the process's start to its readiness endpoint answering 200; idle: CPU
 * of a ready worker without traffic over 10 s). Options (system properties):
 * {@code bench.brokers} (default mosquitto,hivemq), {@code bench.rates} (1000,3000,10000), {@code bench.warmup.s}
 * (15), {@code bench.window.s} (20), {@code bench.burst} (true), {@code bench.worker.jvm} (extra worker JVM flags,
 * to try some), {@code bench.bare.ack} ({@code auto}: the client acknowledges on arrival; {@code manual}: the
 * bare consumer acknowledges each message in its callback, as the worker does), {@code bench.mosquitto_sub} (true),
 * {@code bench.baseline.app} (another build's {@code quarkus-run.jar}, e.g. of the last commit: it is
 * measured in the same run as a fourth consumer, {@code baseline_cpu_us_per_msg=… ratio_vs_baseline=…}, so what a
 * change buys is read side by side rather than across runs of a machine whose speed drifts).
 */
class WorkerCostBench {
  /** The worker image's flags (deploy/images/worker.Dockerfile) under the sample's memory limit of 512 MiB. */
  private static final String POD_JVM_FLAGS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:MaxRAM=512m";
  private static final int CONCURRENCY = 64;
  private static final int BURST = 50_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Path work = Path.of("target", "bench-worker-cost").toAbsolutePath();
  private final int warmUp = Integer.getInteger("bench.warmup.s", 15);
  private final int window = Integer.getInteger("bench.window.s", 20);
  private final String baselineApp = System.getProperty("bench.baseline.app", "");
  private final String bareAck = System.getProperty("bench.bare.ack", "auto");
  private final boolean withMosquittoSub = Boolean.parseBoolean(System.getProperty("bench.mosquitto_sub", "true"));
  private int runs;
  /** Start-up figures of the first worker of a broker's run, and its largest RSS under load. */
  private double readySeconds;
  private long idleRssMb;
  private double idleCpuPercent;
  private long loadRssMb;

  @Test
  void workerAgainstBareConsumers() throws Exception {
    Files.createDirectories(work);
    for (String broker : System.getProperty("bench.brokers", "mosquitto,hivemq").split(",")) {
      try (Broker b = Broker.start(broker.trim(), work.resolve("broker-" + broker.trim()))) {
        for (String rate : System.getProperty("bench.rates", "1000,3000,10000").split(",")) {
          cost(b, Integer.parseInt(rate.trim()));
        }
        if (Boolean.parseBoolean(System.getProperty("bench.burst", "true"))) {
          burst(b);
        }
        System.out.printf(Locale.ROOT, "BENCH worker_startup broker=%s ready_s=%.2f rss_idle_mb=%d rss_load_mb=%d"
            + " idle_cpu_pct=%.2f%n", b.name, readySeconds, idleRssMb, loadRssMb, idleCpuPercent);
        readySeconds = 0;
        loadRssMb = 0;
      }
    }
  }

  private void cost(Broker broker, int rate) throws Exception {
    Window worker = measure(broker, rate, Consumer.WORKER);
    Window bare = measure(broker, rate, Consumer.BARE);
    // Not measured (NaN in the line) with bench.mosquitto_sub=false: on HiveMQ CE it runs behind from 3,000 msg/s
    // and the run then waits minutes for it.
    Window sub = withMosquittoSub ? measure(broker, rate, Consumer.MOSQUITTO_SUB) : new Window(0, 0, 0, 0, false);
    String baseline = "";
    if (!baselineApp.isBlank()) {
      Window before = measure(broker, rate, Consumer.BASELINE);
      baseline = String.format(Locale.ROOT, " baseline_cpu_us_per_msg=%.1f baseline_switches_per_msg=%.2f"
          + " ratio_vs_baseline=%.2f baseline_kept_up=%s", before.microsPerMessage(), before.switchesPerMessage(),
          worker.microsPerMessage() / before.microsPerMessage(), before.keptUp());
    }
    System.out.printf(Locale.ROOT, "BENCH worker_cost broker=%s rate=%d worker_cpu_us_per_msg=%.1f"
        + " bare_hivemq_cpu_us_per_msg=%.1f mosquitto_sub_cpu_us_per_msg=%.1f ratio_vs_bare_hivemq=%.2f"
        + " ratio_vs_mosquitto_sub=%.2f worker_rss_mb=%d worker_switches_per_msg=%.2f bare_switches_per_msg=%.2f"
        + " mosquitto_sub_switches_per_msg=%.2f kept_up=%s received_per_s=%.0f,%.0f,%.0f%s%n", broker.name, rate,
        worker.microsPerMessage(),
        bare.microsPerMessage(), sub.microsPerMessage(), worker.microsPerMessage() / bare.microsPerMessage(),
        worker.microsPerMessage() / sub.microsPerMessage(), worker.rssMb, worker.switchesPerMessage(),
        bare.switchesPerMessage(), sub.switchesPerMessage(),
        keptUp(Map.of("worker", worker, "bare", bare, "mosquitto_sub", sub)),
        worker.messages / (double) window, bare.messages / (double) window, sub.messages / (double) window,
        baseline);
  }

  /** The consumers that had every message, e.g. {@code worker,bare}; {@code none} when none had. */
  private static String keptUp(Map<String, Window> windows) {
    String names = String.join(",", windows.entrySet().stream().filter(e -> e.getValue().keptUp())
        .map(Map.Entry::getKey).sorted().toList());
    return names.isEmpty() ? "none" : names;
  }

  /** One consumer alone on a fresh shared subscription under {@code rate} msg/s. */
  private Window measure(Broker broker, int rate, Consumer kind) throws Exception {
    String share = "cost-" + (++runs);
    long total = (long) rate * (warmUp + window + 2);
    try (Running consumer = start(broker, kind, share, total)) {
      try (MeasuredProcess publisher = publisher(broker, rate, total)) {
        Thread.sleep(warmUp * 1000L);
        long received0 = consumer.received().getAsLong();
        double cpu0 = consumer.process.cpuSeconds();
        long switches0 = consumer.process.contextSwitches();
        Thread.sleep(window * 1000L);
        long received1 = consumer.received().getAsLong();
        double cpu1 = consumer.process.cpuSeconds();
        long switches1 = consumer.process.contextSwitches();
        long rss = consumer.process.rssMb();
        if (kind == Consumer.WORKER) {
          loadRssMb = Math.max(loadRssMb, rss);
        }
        // A broker that cannot take the rate slows the publisher (at most 10,000 unacknowledged): let it finish.
        publisher.awaitLine(l -> l.startsWith("done "), Duration.ofMinutes(5));
        boolean keptUp = consumer.awaitAll(total, Duration.ofSeconds(30));
        return new Window(received1 - received0, cpu1 - cpu0, switches1 - switches0, rss, keptUp);
      }
    }
  }

  /**
   * Burst: {@value #BURST} messages published as fast as the broker takes them to a consumer that is already
   * subscribed; the time runs from the publisher's start to the last message received. The sides alternate and
   * each reports its best of two, so a slow moment of the machine does not decide the ratio.
   */
  private void burst(Broker broker) throws Exception {
    Map<Consumer, List<Double>> trials = new EnumMap<>(Consumer.class);
    List<Consumer> sides = new ArrayList<>(List.of(Consumer.BARE, Consumer.WORKER));
    if (!baselineApp.isBlank()) {
      sides.add(Consumer.BASELINE);
    }
    for (int round = 0; round < 2; round++) {
      for (Consumer kind : sides) {
        trials.computeIfAbsent(kind, k -> new ArrayList<>()).add(burstOnce(broker, kind));
      }
      Collections.reverse(sides);
    }
    double w = best(trials.get(Consumer.WORKER));
    double b = best(trials.get(Consumer.BARE));
    String baseline = baselineApp.isBlank() ? "" : String.format(Locale.ROOT,
        " baseline_msgs_per_s=%.0f ratio_vs_baseline=%.2f trials_baseline=%s", best(trials.get(Consumer.BASELINE)),
        w / best(trials.get(Consumer.BASELINE)), joined(trials.get(Consumer.BASELINE)));
    System.out.printf(Locale.ROOT, "BENCH worker_burst broker=%s msgs=%d worker_msgs_per_s=%.0f bare_msgs_per_s=%.0f"
        + " ratio=%.2f trials_worker=%s trials_bare=%s%s%n", broker.name, BURST, w, b, w / b,
        joined(trials.get(Consumer.WORKER)), joined(trials.get(Consumer.BARE)), baseline);
  }

  private static double best(List<Double> trials) {
    return trials.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  private double burstOnce(Broker broker, Consumer kind) throws Exception {
    String share = "burst-" + (++runs);
    try (Running consumer = start(broker, kind, share, BURST)) {
      try (MeasuredProcess publisher = publisher(broker, 0, BURST)) {
        long start = System.nanoTime();
        if (!consumer.awaitAll(BURST, Duration.ofMinutes(3))) {
          throw new IllegalStateException(kind + " did not receive the whole burst of " + BURST);
        }
        return BURST / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static String joined(List<Double> values) {
    return String.join(",", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
  }

  private MeasuredProcess publisher(Broker broker, int rate, long count) throws InterruptedException {
    MeasuredProcess p = MeasuredProcess.java("publisher", RatePublisher.class, List.of("-Xmx256m"),
        List.of(broker.url, "bench/", Integer.toString(rate), Long.toString(count)));
    p.awaitLine("start"::equals, Duration.ofSeconds(30));
    return p;
  }

  private Running start(Broker broker, Consumer kind, String share, long expected) throws Exception {
    String filter = "$share/" + share + "/bench/+";
    return switch (kind) {
      case WORKER -> {
        long started = System.nanoTime();
        Running worker = WorkerUnderTest.start(System.getProperty("routemq.worker.app"), broker.url, share,
            work.resolve(share));
        if (readySeconds == 0) {
          readySeconds = (System.nanoTime() - started) / 1e9;
          Thread.sleep(5000);
          idleRssMb = worker.process().rssMb();
          // What an idle worker burns (timers, keep-alive, its own wake-ups): paid by every replica all day.
          double cpu0 = worker.process().cpuSeconds();
          Thread.sleep(10_000);
          idleCpuPercent = (worker.process().cpuSeconds() - cpu0) * 100 / 10;
        }
        yield worker;
      }
      case BASELINE -> WorkerUnderTest.start(baselineApp, broker.url, share, work.resolve(share));
      case BARE -> {
        MeasuredProcess p = MeasuredProcess.java("bare", BareConsumer.class, List.of("-Xmx256m"),
            List.of(broker.url, filter, Integer.toString(broker.receiveMaximum()),
                bareAck));
        p.awaitLine("subscribed"::equals, Duration.ofSeconds(30));
        yield new Running(p, () -> {
          String line = p.lastLine();
          return line.startsWith("received ") ? Long.parseLong(line.substring(9)) : 0;
        }, true);
      }
      case MOSQUITTO_SUB -> {
        // One byte per message (-N -F .), counted by this JVM: the least output that still tells how many arrived.
        MeasuredProcess p = MeasuredProcess.startCountingBytes("mosquitto_sub", List.of("mosquitto_sub",
            "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-V", "mqttv5", "-q", "1",
            "-i", "bench-sub-" + share, "-c", "-x", "600", "-t", filter, "-N", "-F", "."));
        // It prints nothing once subscribed: give the SUBSCRIBE a moment, as the publisher starts next.
        Thread.sleep(1500);
        yield new Running(p, p::bytesWritten, false);
      }
    };
  }

  private enum Consumer { WORKER, BARE, MOSQUITTO_SUB, BASELINE }

  /** What one window measured. */
  /**
   * @param messages what the consumer received in the window (by its own count)
   * @param keptUp whether it had every message within 30 s of the publisher's end; one that did not ran behind
   *     (or lost messages), and its figure is per message it did receive
   */
  private record Window(long messages, double cpuSeconds, long contextSwitches, long rssMb, boolean keptUp) {
    double microsPerMessage() {
      return cpuSeconds * 1e6 / messages;
    }

    double switchesPerMessage() {
      return (double) contextSwitches / messages;
    }
  }

  /**
   * A consumer and how to ask it how many messages it has.
   *
   * @param endsOnEof whether it finishes when its standard input closes (the bare consumer ends its session then);
   *     the others get SIGTERM (the worker drains, as in a pod)
   */
  record Running(MeasuredProcess process, java.util.function.LongSupplier received, boolean endsOnEof)
      implements AutoCloseable {
    /** Whether it had all {@code expected} messages within {@code timeout}. */
    boolean awaitAll(long expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (received.getAsLong() < expected) {
        if (System.nanoTime() > deadline) {
          System.out.printf(Locale.ROOT, "%s received %d of %d within %s: it ran behind or lost messages%n",
              process, received.getAsLong(), expected, timeout);
          return false;
        }
        // Asking costs the consumer (the worker renders its metrics): often enough for 1 % at 10,000 msg/s.
        Thread.sleep(100);
      }
      return true;
    }

    @Override
    public void close() throws InterruptedException {
      if (!endsOnEof || !process.finish(Duration.ofSeconds(20))) {
        process.close();
      }
    }
  }

  /** The packaged worker, started as a container would start it. */
  static final class WorkerUnderTest {
    private WorkerUnderTest() {}

    static Running start(String app, String brokerUrl, String share, Path dir) throws Exception {
      Files.createDirectories(dir);
      Path table = dir.resolve("routes.json");
      Files.writeString(table, RouteTableCodec.toJson(new RouteTable(RouteTable.FORMAT_VERSION, "bench", "bench",
          "cost", true, share, CONCURRENCY, List.of(new RouteTable.Route("bench/{n}", 1, "noop", Map.of())),
          new RouteTable.FailurePolicy(3, 100, 1000, "dead/bench"), 10)));
      int port = FreePorts.loopback(1)[0];
      String flags = (POD_JVM_FLAGS + " " + System.getProperty("bench.worker.jvm", "")).trim();
      // Started as the image starts it: from the application's folder, with the class-data archive the build made.
      Path appDir = Path.of(app).toAbsolutePath().getParent();
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString()));
      if (Files.isRegularFile(appDir.resolve(AppImage.CDS_ARCHIVE))) {
        command.add("-XX:SharedArchiveFile=" + AppImage.CDS_ARCHIVE);
      }
      command.addAll(List.of("-jar", Path.of(app).getFileName().toString()));
      MeasuredProcess p = MeasuredProcess.start("worker", command, appDir, Map.of(
          "JAVA_TOOL_OPTIONS", flags,
          WorkerContract.ENV_ROUTE_TABLE, table.toString(),
          WorkerContract.ENV_BROKER_URL, brokerUrl,
          WorkerContract.ENV_CLIENT_ID, "bench-worker-" + share,
          WorkerContract.ENV_HTTP_PORT, Integer.toString(port),
          "QUARKUS_HTTP_HOST", "127.0.0.1"), dir.resolve("worker.log"));
      String base = "http://127.0.0.1:" + port;
      awaitReady(p, base + WorkerContract.READINESS_PATH);
      return new Running(p, () -> processed(base + WorkerContract.METRICS_PATH), false);
    }

    private static void awaitReady(MeasuredProcess p, String url) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && p.isAlive()) {
        if (status(url) == 200) {
          return;
        }
        Thread.sleep(10);
      }
      throw new IllegalStateException("the worker did not turn ready in 60 s (alive=" + p.isAlive()
          + "); see its log under target/bench-worker-cost");
    }

    private static int status(String url) {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    /** The worker's processed-messages counter, summed over routes, from its Prometheus endpoint. */
    private static long processed(String url) {
      try {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        return Arrays.stream(body.split("\n")).filter(l -> l.startsWith(WorkerContract.METRIC_PROCESSED + "{"))
            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      } catch (IOException e) {
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  /** The broker, each in a process of its own. */
  static final class Broker implements AutoCloseable {
    final String name;
    final String url;
    private final MeasuredProcess process;

    private Broker(String name, String url, MeasuredProcess process) {
      this.name = name;
      this.url = url;
      this.process = process;
    }

    static Broker start(String name, Path dir) throws Exception {
      Files.createDirectories(dir);
      if (name.equals("hivemq")) {
        MeasuredProcess p = MeasuredProcess.java("hivemq", HiveMqServer.class, List.of("-Xmx1g"),
            List.of(dir.toString()));
        String line = p.awaitLine(l -> l.startsWith("url "), Duration.ofSeconds(90));
        return new Broker(name, line.substring(4), p);
      }
      if (!name.equals("mosquitto")) {
        throw new IllegalArgumentException("bench.brokers: mosquitto or hivemq, not " + name);
      }
      int port = FreePorts.loopback(1)[0];
      Path conf = dir.resolve("mosquitto.conf");
      // Mosquitto's defaults (20 in flight per client), with queues that never drop QoS 1 messages.
      Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous true",
          "persistence false", "max_queued_messages 1000000", ""));
      MeasuredProcess p = MeasuredProcess.start("mosquitto",
          List.of(MosquittoBroker.BINARY.toString(), "-c", conf.toString()), Map.of(), dir.resolve("mosquitto.log"));
      Thread.sleep(500);
      return new Broker(name, "tcp://127.0.0.1:" + port, p);
    }

    int port() {
      return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    /** The worker's window (its concurrency); Mosquitto 2.0.11 ignores a receive maximum, so none is asked there. */
    int receiveMaximum() {
      return name.equals("mosquitto") ? 65_535 : CONCURRENCY;
    }

    @Override
    public void close() throws InterruptedException {
      process.close();
    }
  }
}
