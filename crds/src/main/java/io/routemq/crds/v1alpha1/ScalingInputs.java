package io.routemq.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The figures behind one scaling decision, and the worker count each target asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingInputs {

  @JsonPropertyDescription("Messages arriving per second.")
  private Double arrivalRate;

  @JsonPropertyDescription("Messages processed per second.")
  private Double processingRate;

  @JsonPropertyDescription("Measured messages per second one fully busy worker can process.")
  private Double capacityPerWorker;

  @JsonPropertyDescription("Messages waiting.")
  private Long backlog;

  @JsonPropertyDescription("Mean CPU utilization, percent of request.")
  private Double cpuUtilization;

  @JsonPropertyDescription("Workers whose metrics were read.")
  private Integer reportingWorkers;

  @JsonPropertyDescription("Workers needed by the capacity model (arrivals plus backlog drain).")
  private Integer byCapacity;

  @JsonPropertyDescription("Workers needed by the CPU target.")
  private Integer byCpu;

  @JsonPropertyDescription("Workers needed by the messages-per-second target.")
  private Integer byMessageRate;

  @JsonPropertyDescription("Workers needed by the queue-depth target.")
  private Integer byQueueDepth;

  @JsonPropertyDescription("Predictive scaling: the arrival rate expected within the lead time (the rate now plus the"
      + " rise the learned profile expects). Set only when the prediction decided the count.")
  private Double predictedArrivalRate;

  @JsonPropertyDescription("Predictive scaling: workers the predicted arrival rate needs. Set only when the prediction"
      + " decided the count.")
  private Integer byPrediction;

  public Double getArrivalRate() {
    return arrivalRate;
  }

  public void setArrivalRate(Double arrivalRate) {
    this.arrivalRate = arrivalRate;
  }

  public Double getProcessingRate() {
    return processingRate;
  }

  public void setProcessingRate(Double processingRate) {
    this.processingRate = processingRate;
  }

  public Double getCapacityPerWorker() {
    return capacityPerWorker;
  }

  public void setCapacityPerWorker(Double capacityPerWorker) {
    this.capacityPerWorker = capacityPerWorker;
  }

  public Long getBacklog() {
    return backlog;
  }

  public void setBacklog(Long backlog) {
    this.backlog = backlog;
  }

  public Double getCpuUtilization() {
    return cpuUtilization;
  }

  public void setCpuUtilization(Double cpuUtilization) {
    this.cpuUtilization = cpuUtilization;
  }

  public Integer getReportingWorkers() {
    return reportingWorkers;
  }

  public void setReportingWorkers(Integer reportingWorkers) {
    this.reportingWorkers = reportingWorkers;
  }

  public Integer getByCapacity() {
    return byCapacity;
  }

  public void setByCapacity(Integer byCapacity) {
    this.byCapacity = byCapacity;
  }

  public Integer getByCpu() {
    return byCpu;
  }

  public void setByCpu(Integer byCpu) {
    this.byCpu = byCpu;
  }

  public Integer getByMessageRate() {
    return byMessageRate;
  }

  public void setByMessageRate(Integer byMessageRate) {
    this.byMessageRate = byMessageRate;
  }

  public Integer getByQueueDepth() {
    return byQueueDepth;
  }

  public void setByQueueDepth(Integer byQueueDepth) {
    this.byQueueDepth = byQueueDepth;
  }


  public Double getPredictedArrivalRate() {
    return predictedArrivalRate;
  }

  public void setPredictedArrivalRate(Double predictedArrivalRate) {
    this.predictedArrivalRate = predictedArrivalRate;
  }

  public Integer getByPrediction() {
    return byPrediction;
  }

  public void setByPrediction(Integer byPrediction) {
    this.byPrediction = byPrediction;
  }
}
