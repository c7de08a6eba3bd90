package io.routemq.worker.routing;

/** One MQTT subscription a worker makes: a filter and the highest QoS any route on it asks for. */
public record Subscription(String filter, int qos) {}
