package io.routemq.e2e.fleet;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Hands out pod IPs from the loopback range (Linux routes all of 127.0.0.0/8 to lo), so every
 * pod's container listens on port 8080 of its own address, exactly as in a cluster. Each pool takes a
 * random 127.N block: two fleets on one machine (a test run beside a sandbox) were seen to hand out the
 * same addresses, and a pod then answered the other fleet's readiness probes.
 */
final class PodIpPool {

  private final Deque<String> free = new ArrayDeque<>();

  PodIpPool() {
    int second = java.util.concurrent.ThreadLocalRandom.current().nextInt(16, 250);
    for (int third = 10; third < 12; third++) {
      for (int fourth = 2; fourth < 255; fourth++) {
        free.add("127." + second + "." + third + "." + fourth);
      }
    }
  }

  synchronized String take() {
    String ip = free.pollFirst();
    if (ip == null) {
      throw new IllegalStateException("no loopback address left for another simulated pod");
    }
    return ip;
  }

  /** Returned addresses go to the back, so a new pod rarely reuses a just-stopped pod's address. */
  synchronized void release(String ip) {
    free.addLast(ip);
  }
}
