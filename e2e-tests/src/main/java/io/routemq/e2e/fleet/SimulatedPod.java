package io.routemq.e2e.fleet;

import java.time.Instant;

/** The simulator's record of one pod: its identity, its container process and its state. */
final class SimulatedPod {

  final String name;
  final String ip;
  final String templateHash;
  final Instant created = Instant.now();
  WorkerProcess process;
  Instant lastStart;
  boolean ready;
  boolean terminating;
  int restarts;
  String waitingReason;

  SimulatedPod(String name, String ip, String templateHash) {
    this.name = name;
    this.ip = ip;
    this.templateHash = templateHash;
  }

  boolean running() {
    return process != null && process.isAlive();
  }
}
