package io.routemq.e2e.loop;

import io.routemq.e2e.load.LoadReport;
import java.util.Locale;

/**
 * What one fault case measured under its QoS 1 load: the load tester's counts and how long the fleet took to be
 * back after the fault ended (each case says what "back" means).
 */
record FaultOutcome(String name, String broker, LoadReport report, double recoverSeconds) {

  String benchLine() {
    return String.format(Locale.ROOT, "BENCH fault case=%s broker=%s sent=%d acked=%d lost=%d duplicates=%d"
        + " recover_s=%.1f", name, broker, report.sent(), report.acked(), report.lost(), report.duplicates(),
        recoverSeconds);
  }
}
