package io.routemq.crds.v1alpha1;

/**
 * How a stopping worker leaves its shared subscription. Brokers differ in what they do with the messages they had
 * already chosen a member for, so the safe procedure depends on the broker (measured: see the README).
 */
public enum DrainMode {
  /**
   * Unsubscribe, finish every message the broker had already assigned, then disconnect. Right for brokers that
   * queue a shared group's messages per member and drop that queue when the member's session ends (Mosquitto).
   */
  Unsubscribe,
  /**
   * Keep the subscription, finish the messages already started, leave the rest unacknowledged and end the session,
   * so the broker hands them to the other members (MQTT 5 recommends it). Right for HiveMQ, where an unsubscribe
   * under load was seen to stall the whole group.
   */
  Handover
}
