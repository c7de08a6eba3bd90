/**
 * Collection for the autoscaler: a Prometheus text parser, a parallel scraper with short timeouts, a per-pod rate
 * evaluator (counter deltas, resets, staleness), and the backlog sources — see {@link
 * io.routemq.operator.metrics.BacklogProbe} for which signals each mode uses.
 */
package io.routemq.operator.metrics;
