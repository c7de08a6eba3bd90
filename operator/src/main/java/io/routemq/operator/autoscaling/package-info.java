/**
 * The autoscaling decision engine: plain Java, no Kubernetes client, time from an injected {@link java.time.Clock}
 * (an ArchUnit test keeps Fabric8, JOSDK, Quarkus and Jakarta out).
 *
 * <p>Pipeline, one stage per class (after Flink's autoscaler): the collector ({@code operator.metrics}) scrapes
 * workers into {@link io.routemq.operator.autoscaling.WorkerSample}s and reads a backlog source into a
 * {@link io.routemq.operator.autoscaling.BacklogReading}; {@link io.routemq.operator.autoscaling.MetricsEvaluator}
 * turns them into {@link io.routemq.operator.autoscaling.GroupMetrics}; {@link
 * io.routemq.operator.autoscaling.SaturationRule} replaces a saturated group's arrival rate, a lower bound, by what
 * to plan for; {@link io.routemq.operator.autoscaling.RateSmoother} sizes on the 60 s mean of the measured rate
 * unless the fleet cannot take the latest; {@link io.routemq.operator.autoscaling.CapacitySizer} computes the
 * workers each target needs; {@link io.routemq.operator.autoscaling.ScalingExecutor} applies the rules below and
 * returns a {@link io.routemq.operator.autoscaling.ScalingDecision}; the caller applies it through a {@link
 * io.routemq.operator.autoscaling.ScalingRealizer} and writes history with {@link
 * io.routemq.operator.autoscaling.ScalingEventMapper}. {@link io.routemq.operator.autoscaling.GroupAutoscaler} is
 * the one entry point, called every interval per group.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>Capacity model: workers = arrivals ÷ (capacity × utilization) + backlog ÷ (capacity × drain time), with
 *       capacity = processed ÷ busy ratio measured on the workers (kept from the last measurement while they
 *       idle). CPU (HPA formula), msg/s and queue-depth targets are computed too; the largest wins. With a source
 *       that does not count arrivals, a group whose every worker is busy with a full receive-maximum window is
 *       planned for 2.5 × what it processes, kept while the added workers drain (SaturationRule).
 *   <li>No worker metrics newer than two intervals: hold, MetricsAvailable=False, recorded once. Some stale or
 *       some workers not reporting: scale-ups allowed, scale-downs blocked. A hold counts as a recommendation of
 *       the current size, so after an outage a scale-down still waits a full window.
 *   <li>Tolerance band (default 10 %) around the current count; then min/max (ScalingLimited when the need is above
 *       max).
 *   <li>Stabilization (HPA v2 behavior): scale-up takes the lowest recommendation of its window (default 0 s),
 *       scale-down the highest demand of its window (default 300 s) — demand being the measured arrival rate's
 *       need without a backlog to drain or an assumed rate; workers beyond demand are kept for the drain time
 *       (default 60 s) after the last decision that asked for them.
 *   <li>Step limits per decision: the larger of maxStepPercent and maxStepWorkers (defaults: up unlimited, so a
 *       burst is met in one decision; down 50 %). ScalingLimited when a limit cut the change.
 *   <li>After a scale-up, no further change until the added workers report (at most 20 intervals, and not less
 *       than a worker's start-up budget); then the
 *       ineffective-scaling guard: if throughput rose by less than 10 % of what the added workers should add while
 *       a backlog remained, further scale-ups are blocked (ScalingIneffective=True) until the need falls.
 *   <li>Paused (or mode Off) and recommend-only: the decision is computed and recorded, not applied.
 * </ol>
 *
 * <p>After an operator restart the caller seeds state with {@link
 * io.routemq.operator.autoscaling.GroupAutoscaler#restore} from status (lastScaleTime, current replicas): the
 * current count stands as a recommendation from that moment, so the restart causes no replica change and a
 * scale-down waits a full window.
 */
package io.routemq.operator.autoscaling;
