package io.routemq.operator.autoscaling.sim;

import java.util.function.DoubleUnaryOperator;

/**
 * A load trace for the comparison: arrival rate over time, noise, and the group's bounds. Every policy runs it on
 * the same worker model ({@link Traces}).
 *
 * @param load arrival rate at second t, before noise
 * @param noise relative noise, uniform in ±noise, held for {@code noiseSeconds}
 * @param noiseSeconds how long one noise draw holds
 * @param seed seed of the noise
 */
public record Trace(String name, DoubleUnaryOperator load, double noise, long noiseSeconds, long seed,
    long durationSeconds, int initialReplicas, int minReplicas, int maxReplicas) {}
