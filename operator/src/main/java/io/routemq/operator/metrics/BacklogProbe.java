package io.routemq.operator.metrics;

import io.routemq.operator.autoscaling.BacklogReading;
import java.time.Instant;

/**
 * A group's backlog/arrival source, read once per interval before the engine runs. The signals per mode:
 *
 * <ul>
 *   <li>WorkerLocal ({@link WorkerLocalProbe}): nothing beyond the workers' own metrics — arrival rate = messages
 *       the workers received, backlog = their in-flight + locally queued. Free, but blind to what waits in the
 *       broker: under MQTT flow control a saturated worker only ever holds {@code receive maximum} messages, so a
 *       burst is seen only as "all busy" and met in several steps.
 *   <li>ArrivalSampler ({@link ArrivalSamplerProbe} over {@link MqttArrivalSampler}): the operator subscribes to the
 *       group's filters itself (non-shared, QoS 0) and counts arrivals — arrival rate = counted arrivals per
 *       second, backlog ≈ ∫(arrivals − completed) where completed comes from the workers' processed and
 *       dead-lettered counters. Broker-agnostic; costs one extra delivery per message, hence per group opt-in.
 *   <li>BrokerStats ({@link MosquittoSysStats}): Mosquitto's {@code $SYS} statistics — arrival rate = rate of
 *       {@code $SYS/broker/publish/messages/received}, backlog = {@code $SYS/broker/store/messages/count}
 *       (+ the workers' local depth is not added: stored messages include in-flight ones). Broker-wide figures:
 *       exact only when the broker serves this group alone.
 * </ul>
 */
public interface BacklogProbe {

  /**
   * Reads the source now.
   *
   * @param completedTotal messages the group's workers finished so far (see
   *     {@link WorkerRateEvaluator#completedTotal()})
   */
  BacklogReading read(Instant now, double completedTotal);
}
