package io.routemq.operator.metrics;

/** Counts messages arriving for a group; {@link MqttArrivalSampler} is the MQTT implementation. */
public interface ArrivalCounter {

  /** Messages counted since the counter started. */
  long arrivals();
}
