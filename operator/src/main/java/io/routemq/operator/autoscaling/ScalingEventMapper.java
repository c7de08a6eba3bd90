package io.routemq.operator.autoscaling;

import io.routemq.crds.v1alpha1.ScalingEvent;
import io.routemq.crds.v1alpha1.ScalingInputs;
import java.time.temporal.ChronoUnit;

/** Maps a decision to the status types {@link ScalingEvent} and {@link ScalingInputs}. */
public final class ScalingEventMapper {
  private ScalingEventMapper() {}

  public static ScalingEvent toEvent(ScalingDecision d) {
    ScalingEvent e = new ScalingEvent();
    e.setTime(d.time().truncatedTo(ChronoUnit.SECONDS).toString());
    e.setGroup(d.group().group());
    e.setFrom(d.currentReplicas());
    e.setTo(d.direction() == ScalingDecision.Direction.BLOCKED ? d.recommendedReplicas() : d.desiredReplicas());
    e.setDirection(switch (d.direction()) {
      case UP -> "Up";
      case DOWN -> "Down";
      case BLOCKED, NONE -> "Blocked";
    });
    e.setReason(d.reason().name());
    e.setMessage(d.message());
    e.setApplied(d.apply());
    e.setInputs(toInputs(d));
    return e;
  }

  public static ScalingInputs toInputs(ScalingDecision d) {
    GroupMetrics m = d.metrics();
    ScalingInputs in = new ScalingInputs();
    in.setArrivalRate(round(m.arrivalRate()));
    in.setProcessingRate(round(m.processingRate()));
    in.setCapacityPerWorker(m.capacityKnown() ? round(m.capacityPerWorker()) : null);
    in.setBacklog(m.backlog());
    in.setCpuUtilization(Double.isNaN(m.cpuUtilization()) ? null : round(m.cpuUtilization()));
    in.setReportingWorkers(m.freshWorkers());
    in.setByCapacity(d.sizing().byCapacity());
    in.setByCpu(d.sizing().byCpu());
    in.setByMessageRate(d.sizing().byMessageRate());
    in.setByQueueDepth(d.sizing().byQueueDepth());
    if (d.prediction() != null) {
      in.setPredictedArrivalRate(round(d.prediction().predictedRate()));
      in.setByPrediction(d.prediction().workers());
    }
    return in;
  }

  private static Double round(double v) {
    // Status is read by people; a tenth is precise enough and keeps the YAML short.
    return Math.round(v * 10) / 10.0;
  }
}
