package io.routemq.operator.autoscaling;

import static io.routemq.operator.autoscaling.Sizing.wholeWorkers;

/**
 * The capacity model (after Flink's autoscaler): workers = arrivals ÷ (capacity × target utilization) + backlog ÷
 * (capacity × drain time), using the measured per-worker capacity; cross-checked with the CPU, message-rate and
 * queue-depth targets, the largest winning as in HPA.
 */
public final class CapacitySizer {

  public Sizing size(GroupMetrics m, ScalingPolicy p) {
    double capExact = 0;
    double demandExact = 0;
    boolean backlogDominates = false;
    if (m.capacityKnown()) {
      double forArrivals = m.arrivalRate() / (m.capacityPerWorker() * p.capacityUtilization());
      demandExact = m.demandMeasured() ? forArrivals : 0;
      double forBacklog = m.backlog() / (m.capacityPerWorker() * Math.max(1, p.backlogDrain().toSeconds()));
      capExact = forArrivals + forBacklog;
      backlogDominates = forBacklog > forArrivals;
    }
    double cpuExact = 0;
    if (p.cpuUtilization() > 0 && !Double.isNaN(m.cpuUtilization()) && m.freshWorkers() > 0) {
      // HPA's formula: current × utilization ÷ target, over the workers that report.
      cpuExact = m.freshWorkers() * m.cpuUtilization() / p.cpuUtilization();
    }
    double rateExact = p.messagesPerSecondPerWorker() > 0 ? m.arrivalRate() / p.messagesPerSecondPerWorker() : 0;
    if (p.messagesPerSecondPerWorker() > 0 && m.demandMeasured()) {
      demandExact = Math.max(demandExact, rateExact);
    }
    demandExact = Math.max(demandExact, cpuExact);
    double depthExact = p.queueDepthPerWorker() > 0 ? (double) m.backlog() / p.queueDepthPerWorker() : 0;

    Sizing.Target winner = Sizing.Target.NONE;
    double exact = 0;
    if (capExact > exact) {
      exact = capExact;
      winner = Sizing.Target.CAPACITY;
    }
    if (cpuExact > exact) {
      exact = cpuExact;
      winner = Sizing.Target.CPU;
    }
    if (rateExact > exact) {
      exact = rateExact;
      winner = Sizing.Target.MESSAGE_RATE;
    }
    if (depthExact > exact) {
      exact = depthExact;
      winner = Sizing.Target.QUEUE_DEPTH;
    }
    return new Sizing(wholeWorkers(capExact), wholeWorkers(cpuExact), wholeWorkers(rateExact),
        wholeWorkers(depthExact), exact, wholeWorkers(exact), winner,
        backlogDominates, Math.min(exact, demandExact));
  }
}
