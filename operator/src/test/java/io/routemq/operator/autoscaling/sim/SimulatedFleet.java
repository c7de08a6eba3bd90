package io.routemq.operator.autoscaling.sim;

import io.routemq.operator.autoscaling.BacklogReading;
import io.routemq.operator.autoscaling.WorkerSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A group of workers behind a broker queue, advanced one tick at a time: arrivals enter the broker queue, each
 * ready worker holds at most {@code receiveMaximum} messages (MQTT flow control) and processes
 * {@code serviceRate} msg/s; new workers become ready after {@code startDelaySeconds}; removed workers hand back
 * what they hold (lossless drain). Scrapes produce {@link WorkerSample}s from counter deltas, as the collector does.
 */
public final class SimulatedFleet {
  private final double serviceRate;
  private final int receiveMaximum;
  private final double startDelaySeconds;
  private final double cpuCoresWhenBusy;
  /** Cores a running worker uses with nothing to do (the scrape's own {@code 0.02 + 0.8 × busy}). */
  static final double IDLE_CORES = 0.02;
  private final List<Worker> workers = new ArrayList<>();
  private double brokerQueue;
  private double arrivalsTotal;
  private double arrivalsAtLastReading;
  private double lastReadingTime;
  private double processedTotal;
  private int nextId;

  private static final class Worker {
    final String name;
    final double readyAt;
    double inFlight;
    double received;
    double processed;
    double busySeconds;
    double lastScrapeTime = Double.NaN;
    double lastReceived;
    double lastProcessed;
    double lastBusy;
    WorkerSample lastSample;

    Worker(String name, double readyAt) {
      this.name = name;
      this.readyAt = readyAt;
    }
  }

  public SimulatedFleet(double serviceRate, int receiveMaximum, double startDelaySeconds, int initialWorkers) {
    this.serviceRate = serviceRate;
    this.receiveMaximum = receiveMaximum;
    this.startDelaySeconds = startDelaySeconds;
    this.cpuCoresWhenBusy = 0.8;
    for (int i = 0; i < initialWorkers; i++) {
      workers.add(new Worker("w-" + nextId++, 0));
    }
  }

  /** Advances [t, t + dt) with {@code arrivalRate} msg/s arriving. */
  public void tick(double t, double dt, double arrivalRate) {
    double arrivals = arrivalRate * dt;
    brokerQueue += arrivals;
    arrivalsTotal += arrivals;
    for (Worker w : workers) {
      if (t < w.readyAt) {
        continue;
      }
      // Within a tick the broker refills each slot as it is acknowledged, so a worker processes up to its rate
      // from what it holds plus what waits in the broker.
      double done = Math.min(serviceRate * dt, w.inFlight + brokerQueue);
      double fromBroker = Math.max(0, done - w.inFlight);
      brokerQueue -= fromBroker;
      w.received += fromBroker;
      w.inFlight += fromBroker - done;
      w.processed += done;
      processedTotal += done;
      w.busySeconds += done / serviceRate;
      double refill = Math.min(brokerQueue, receiveMaximum - w.inFlight);
      brokerQueue -= refill;
      w.inFlight += refill;
      w.received += refill;
    }
  }

  /** Sets the worker count: new workers start now, the newest are removed first. */
  public void scaleTo(int replicas, double t) {
    while (workers.size() < replicas) {
      workers.add(new Worker("w-" + nextId++, t + startDelaySeconds));
    }
    while (workers.size() > replicas) {
      Worker w = workers.remove(workers.size() - 1);
      brokerQueue += w.inFlight;
    }
  }

  /**
   * Scrapes every ready worker at time t. A worker's first scrape yields no sample (a rate needs two). When
   * {@code reachable} is false the scrape fails and the last sample is returned again, keeping its old time.
   */
  public List<WorkerSample> scrape(double t, Instant epoch, boolean reachable) {
    List<WorkerSample> out = new ArrayList<>();
    for (Worker w : workers) {
      if (t < w.readyAt) {
        continue;
      }
      if (reachable) {
        if (!Double.isNaN(w.lastScrapeTime) && t > w.lastScrapeTime) {
          double dt = t - w.lastScrapeTime;
          double busy = (w.busySeconds - w.lastBusy) / dt;
          w.lastSample = new WorkerSample(w.name, at(epoch, t), (w.received - w.lastReceived) / dt,
              (w.processed - w.lastProcessed) / dt, busy, IDLE_CORES + cpuCoresWhenBusy * busy, Math.round(w.inFlight),
              0);
        }
        w.lastScrapeTime = t;
        w.lastReceived = w.received;
        w.lastProcessed = w.processed;
        w.lastBusy = w.busySeconds;
      }
      if (w.lastSample != null) {
        out.add(w.lastSample);
      }
    }
    return out;
  }

  /**
   * Each ready worker's {@code /q/metrics} page as a worker would render it (Prometheus text, names from
   * WorkerContract), or null for a failed scrape; fed through the real parser and rate evaluator by the runner.
   */
  public java.util.Map<String, String> metricsPages(double t, boolean reachable) {
    java.util.Map<String, String> pages = new java.util.LinkedHashMap<>();
    for (Worker w : workers) {
      if (t < w.readyAt) {
        continue;
      }
      pages.put(w.name, reachable ? String.join("\n",
          "# TYPE routemq_messages_received_total counter",
          "routemq_messages_received_total{route=\"sensors/{deviceId}/data\"} " + w.received,
          "# TYPE routemq_messages_processed_total counter",
          "routemq_messages_processed_total{route=\"sensors/{deviceId}/data\"} " + w.processed,
          "routemq_messages_failed_total{route=\"sensors/{deviceId}/data\"} 0.0",
          "routemq_messages_dead_lettered_total{route=\"sensors/{deviceId}/data\"} 0.0",
          "routemq_in_flight " + Math.round(w.inFlight),
          "routemq_queue_depth 0.0",
          "routemq_busy_seconds_total " + w.busySeconds,
          "routemq_handler_threads 1.0",
          "routemq_process_cpu_seconds_total " + (IDLE_CORES * t + cpuCoresWhenBusy * w.busySeconds),
          "") : null);
    }
    return pages;
  }

  /** What an arrival sampler reports: arrivals since the last reading, and backlog = broker queue + in flight. */
  public BacklogReading arrivalSamplerReading(double t, Instant epoch) {
    double dt = t - lastReadingTime;
    double rate = dt > 0 ? (arrivalsTotal - arrivalsAtLastReading) / dt : 0;
    arrivalsAtLastReading = arrivalsTotal;
    lastReadingTime = t;
    return BacklogReading.of(BacklogReading.Source.ARRIVAL_SAMPLER, rate, Math.round(backlog()), at(epoch, t));
  }

  /**
   * One pod as the Kubernetes side sees it: when it was created and became ready, and the CPU seconds it has used
   * so far (cAdvisor's counter: idle cores while running, plus CPU per message processed).
   */
  public record PodView(String name, double readyAt, boolean ready, double cpuSeconds) {}

  /** Every pod of the group at time t, starting ones included. */
  public List<PodView> pods(double t) {
    List<PodView> out = new ArrayList<>(workers.size());
    for (Worker w : workers) {
      boolean ready = t >= w.readyAt;
      double cpu = ready ? IDLE_CORES * (t - w.readyAt) + cpuSecondsPerMessage() * w.processed : 0;
      out.add(new PodView(w.name, w.readyAt, ready, cpu));
    }
    return out;
  }

  /** CPU seconds one message costs: a fully busy worker uses {@code cpuCoresWhenBusy} cores on top of idle. */
  public double cpuSecondsPerMessage() {
    return cpuCoresWhenBusy / serviceRate;
  }

  /** Cores a fully busy worker uses, idle share included: what the peers' CPU request is set to. */
  public double coresWhenFullyBusy() {
    return IDLE_CORES + cpuCoresWhenBusy;
  }

  /** Messages processed since the start, by workers present or removed. */
  public double processedTotal() {
    return processedTotal;
  }

  /** Messages arrived since the start. */
  public double arrivalsTotal() {
    return arrivalsTotal;
  }

  /** Messages waiting anywhere: broker queue plus what workers hold. */
  public double backlog() {
    double held = 0;
    for (Worker w : workers) {
      held += w.inFlight;
    }
    return brokerQueue + held;
  }

  public double brokerQueue() {
    return brokerQueue;
  }

  public int size() {
    return workers.size();
  }

  private static Instant at(Instant epoch, double t) {
    return epoch.plusMillis(Math.round(t * 1000));
  }
}
