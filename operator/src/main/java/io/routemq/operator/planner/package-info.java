/**
 * The capacity planner: {@code java -cp <operator classpath> io.routemq.operator.planner.CapacityPlannerCli
 * --group ingest --rate 5000 --per-worker-rate 120} prints the workers the autoscaler's engine would run.
 */
package io.routemq.operator.planner;
