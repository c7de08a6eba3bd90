package io.routemq.e2e.load;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.routemq.crds.routetable.BrokerUrl;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One load run: publishes sequenced messages at the profile's rate to many topics, listens on the
 * handlers' output topics, and counts what came back — lost, duplicated, and how late.
 */
public final class LoadRun implements AutoCloseable {

  /**
   * What to run.
   *
   * @param brokerUrl tcp://host:port
   * @param topicTemplate topic to publish to; {@code {n}} is replaced by 0..topicCount-1 in turn
   * @param topicCount how many distinct topics
   * @param qos publish QoS, 0 or 1
   * @param profile rate over time
   * @param duration how long to publish
   * @param listenFilter topic filter of the handlers' output (null: do not listen)
   * @param payloadBytes message size, at least 24
   * @param drainWait how long to wait, after publishing, for outputs still on their way
   * @param progress where a progress line goes every second (null: nowhere)
   */
  public record Spec(
      String brokerUrl,
      String topicTemplate,
      int topicCount,
      int qos,
      LoadProfile profile,
      Duration duration,
      String listenFilter,
      int payloadBytes,
      Duration drainWait,
      PrintStream progress) {}

  private static final long TICK_MILLIS = 5;
  private static final long SESSION_EXPIRY_SECONDS = 600;
  /** A delivery slower than this counts as late (see {@link #lastLateDelivery()}). */
  public static final Duration LATE = Duration.ofSeconds(2);
  private static final long LATE_MICROS = LATE.toNanos() / 1_000;

  private final Spec spec;
  private final long runId = ThreadLocalRandom.current().nextLong();
  private final Mqtt5AsyncClient publisher;
  private final Mqtt5AsyncClient listener;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "load-publisher"));
  private final CountDownLatch publishingDone = new CountDownLatch(1);
  private final BitSet ackedSequences = new BitSet();
  private final BitSet receivedSequences = new BitSet();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final Recorder latencyMicros = new Recorder(3);
  /** Receipt times (epoch micros) of deliveries that took longer than {@link #LATE_MICROS}: rare, so kept. */
  private final List<Long> lateReceipts = new CopyOnWriteArrayList<>();
  private final Histogram latencyTotal = new Histogram(3);
  private volatile long startNanos;
  private volatile long endNanos;
  private double owed;
  private long lastProgressSecond = -1;

  private LoadRun(Spec spec, UnaryOperator<Mqtt5ClientBuilder> security) {
    this.spec = spec;
    BrokerUrl address = BrokerUrl.parse(spec.brokerUrl());
    this.publisher = client(address, "load-pub-", security);
    this.listener = spec.listenFilter() == null ? null : client(address, "load-sub-", security);
  }

  private static Mqtt5AsyncClient client(BrokerUrl address, String prefix,
      UnaryOperator<Mqtt5ClientBuilder> security) {
    // Reconnecting, so that a broker restart or outage under test is one the load tester itself rides out.
    Mqtt5ClientBuilder builder = Mqtt5Client.builder()
        .identifier(prefix + UUID.randomUUID().toString().substring(0, 8))
        .serverHost(address.host())
        .serverPort(address.port())
        .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(2, TimeUnit.SECONDS)
        .applyAutomaticReconnect();
    if (address.tls()) {
      builder = builder.sslWithDefaultConfig();
    }
    return security.apply(builder).buildAsync();
  }

  /** Connects, subscribes the listener, and starts publishing. */
  public static LoadRun start(Spec spec) {
    return start(spec, UnaryOperator.identity());
  }

  /**
   * As {@link #start(Spec)}, with the broker's TLS trust and login applied to both clients (a broker with its own
   * CA and a password file).
   */
  public static LoadRun start(Spec spec, UnaryOperator<Mqtt5ClientBuilder> security) {
    LoadRun run = new LoadRun(spec, security);
    run.connect();
    run.startNanos = System.nanoTime();
    run.scheduler.scheduleAtFixedRate(run::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return run;
  }

  private void connect() {
    if (listener != null) {
      // A session that outlives a disconnection: outputs published while the listener reconnects wait for it in
      // the broker instead of counting as lost. Clean start 0 although the identifier is new: Mosquitto 2.0.11
      // drops at a restart a session whose connection had clean start 1.
      listener.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY_SECONDS).send().join();
      listener.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onOutput);
      listener.subscribeWith().topicFilter(spec.listenFilter()).qos(MqttQos.AT_LEAST_ONCE).send().join();
    }
    // Likewise, unacknowledged publishes are sent again after a reconnection instead of failing.
    publisher.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY_SECONDS).send().join();
  }

  private void tick() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    if (elapsed >= spec.duration().toNanos() / 1e9) {
      stopPublishing();
      return;
    }
    owed += spec.profile().rateAt(elapsed) * TICK_MILLIS / 1000.0;
    while (owed >= 1) {
      owed -= 1;
      publishOne();
    }
    printProgress(elapsed);
  }

  private void publishOne() {
    long sequence = sent.getAndIncrement();
    String topic = spec.topicTemplate().replace("{n}", Long.toString(sequence % spec.topicCount()));
    byte[] payload = SequencedPayload.encode(runId, sequence, nowMicros(), spec.payloadBytes());
    Mqtt5Publish publish = Mqtt5Publish.builder()
        .topic(topic)
        .qos(spec.qos() == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .build();
    publisher.publish(publish).whenComplete((result, error) -> onPublished(sequence, result, error));
  }

  private void onPublished(long sequence, Mqtt5PublishResult result, Throwable error) {
    if (error != null || result.getError().isPresent() || rejected(result)) {
      failures.incrementAndGet();
      return;
    }
    synchronized (ackedSequences) {
      ackedSequences.set((int) sequence);
    }
    acked.incrementAndGet();
  }

  private static boolean rejected(Mqtt5PublishResult result) {
    return result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
        && qos1.getPubAck().getReasonCode().isError();
  }

  private void onOutput(Mqtt5Publish publish) {
    SequencedPayload.Header header = publish.getPayload().map(SequencedPayload::decode).orElse(null);
    if (header == null || header.runId() != runId) {
      return;
    }
    boolean duplicate;
    synchronized (receivedSequences) {
      duplicate = receivedSequences.get((int) header.sequence());
      receivedSequences.set((int) header.sequence());
    }
    if (duplicate) {
      duplicates.incrementAndGet();
    } else {
      received.incrementAndGet();
      long now = nowMicros();
      long latency = Math.max(0, now - header.sentMicros());
      latencyMicros.recordValue(latency);
      if (latency > LATE_MICROS) {
        lateReceipts.add(now);
      }
    }
  }

  private void printProgress(double elapsed) {
    long second = (long) elapsed;
    if (spec.progress() == null || second == lastProgressSecond) {
      return;
    }
    lastProgressSecond = second;
    Histogram interval = latencyMicros.getIntervalHistogram();
    synchronized (latencyTotal) {
      latencyTotal.add(interval);
    }
    spec.progress().printf(Locale.ROOT, "[%4ds] target=%6.0f/s sent=%d acked=%d received=%d dup=%d fail=%d p99=%.1fms%n",
        second, spec.profile().rateAt(elapsed), sent.get(), acked.get(), received.get(), duplicates.get(),
        failures.get(), interval.getValueAtPercentile(99) / 1000.0);
  }

  /** Ends the publishing before the spec's duration; {@link #awaitReport()} then waits for the outputs. */
  public void stopPublishing() {
    if (publishingDone.getCount() > 0) {
      endNanos = System.nanoTime();
      scheduler.shutdown();
      publishingDone.countDown();
    }
  }

  /** How long {@link #awaitReport()} waits, after publishing, for outputs still on their way. */
  public Duration drainWait() {
    return spec.drainWait();
  }

  /** Blocks until publishing has finished and every acknowledged message came out, or drainWait passed. */
  public LoadReport awaitReport() throws InterruptedException {
    return awaitReport(spec.drainWait());
  }

  /**
   * As {@link #awaitReport()}, and stops early once no output came for {@code stall}. A backlog still being worked
   * off keeps it waiting (up to drainWait), so what the report counts as lost is what stopped coming, not what was
   * still queued.
   */
  public LoadReport awaitReport(Duration stall) throws InterruptedException {
    publishingDone.await();
    long deadline = System.nanoTime() + spec.drainWait().toNanos();
    // The broker's answers to the last publishes are still on their way.
    while (System.nanoTime() < deadline && acked.get() + failures.get() < sent.get()) {
      Thread.sleep(20);
    }
    long missing = missing();
    long progressAt = System.nanoTime();
    while (listener != null && System.nanoTime() < deadline && missing > 0
        && System.nanoTime() - progressAt < stall.toNanos()) {
      Thread.sleep(100);
      long now = missing();
      if (now < missing) {
        missing = now;
        progressAt = System.nanoTime();
      }
    }
    return report();
  }

  /** Messages acknowledged by the broker but not (yet) seen on the output. */
  public long missing() {
    synchronized (ackedSequences) {
      BitSet lost = (BitSet) ackedSequences.clone();
      synchronized (receivedSequences) {
        lost.andNot(receivedSequences);
      }
      return lost.cardinality();
    }
  }

  /** The missing sequence numbers as ranges ("12-40, 97"), at most {@code max} ranges: where a loss happened. */
  public String missingRanges(int max) {
    BitSet lost;
    synchronized (ackedSequences) {
      lost = (BitSet) ackedSequences.clone();
      synchronized (receivedSequences) {
        lost.andNot(receivedSequences);
      }
    }
    StringBuilder out = new StringBuilder();
    int ranges = 0;
    for (int from = lost.nextSetBit(0); from >= 0 && ranges < max; from = lost.nextSetBit(from + 1), ranges++) {
      int to = lost.nextClearBit(from) - 1;
      out.append(out.length() == 0 ? "" : ", ").append(from).append(from == to ? "" : "-" + to);
      from = to;
    }
    return out.toString();
  }

  public long sent() {
    return sent.get();
  }

  /**
   * When the last message that took longer than {@link #LATE} arrived, if any: after a fault, the moment the
   * messages it held up were all through (as long as the load otherwise flows within that time).
   */
  public Optional<Instant> lastLateDelivery() {
    return lateReceipts.stream().max(Long::compare)
        .map(micros -> Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000));
  }

  /** Deliveries that took longer than {@link #LATE}. */
  public int lateDeliveries() {
    return lateReceipts.size();
  }

  public long received() {
    return received.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public LoadReport report() {
    Histogram all;
    synchronized (latencyTotal) {
      latencyTotal.add(latencyMicros.getIntervalHistogram());
      all = latencyTotal.copy();
    }
    long end = endNanos == 0 ? System.nanoTime() : endNanos;
    return new LoadReport(
        sent.get(),
        acked.get(),
        received.get(),
        duplicates.get(),
        listener == null ? 0 : missing(),
        failures.get(),
        all.getValueAtPercentile(50) / 1000.0,
        all.getValueAtPercentile(95) / 1000.0,
        all.getValueAtPercentile(99) / 1000.0,
        (end - startNanos) / 1e9);
  }

  // Wall-clock, not nanoTime: the send time travels in the payload and may be read by another process.
  private static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    // Ends the sessions too: nothing should wait for this run in the broker afterwards.
    publisher.disconnectWith().sessionExpiryInterval(0).send();
    if (listener != null) {
      listener.disconnectWith().sessionExpiryInterval(0).send();
    }
  }
}
