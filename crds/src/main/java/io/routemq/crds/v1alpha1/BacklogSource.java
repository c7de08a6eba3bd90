package io.routemq.crds.v1alpha1;

/** Where the autoscaler learns how much is waiting and how fast it arrives. */
public enum BacklogSource {
  /** Workers' own in-flight and queued counts. Cheap, but blind to what waits in the broker. */
  WorkerLocal,
  /** The operator subscribes to the group's topics (QoS 0, not shared) and counts arrivals: one extra delivery per message. */
  ArrivalSampler,
  /** The broker's own statistics (Mosquitto $SYS topics). */
  BrokerStats
}
