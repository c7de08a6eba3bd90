package io.routemq.operator.metrics;

import java.util.Map;

/** One line of Prometheus text exposition: a name, its labels and a value. */
public record MetricSample(String name, Map<String, String> labels, double value) {}
