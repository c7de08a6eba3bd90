package io.routemq.e2e.kube;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The CR corpus against a real API server with the CRD of deploy/crds/ (opt-in: -Pbench). Prints one line:
 * {@code BENCH crd api=real valid_accepted=a/n invalid_rejected=r/m agree_with_local_checker=k/(n+m)}, where an
 * invalid resource counts as rejected only with the message the corpus expects, and agreement means our checker
 * gave the same verdict. CrdOnApiServerIT fails on any shortfall; this only reports.
 */
class CrdOnApiServerBench {

  @Test
  void corpus() {
    try (CorpusOnApiServer server = CorpusOnApiServer.start("CrdOnApiServerBench")) {
      long start = System.nanoTime();
      CorpusOnApiServer.Tally tally = server.tally();
      System.out.printf(Locale.ROOT, "corpus of %d resources put to the API server in %.1f s%n",
          tally.valid() + tally.invalid(), (System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "BENCH crd api=real valid_accepted=%d/%d invalid_rejected=%d/%d"
              + " agree_with_local_checker=%d/%d%n", tally.validAccepted(), tally.valid(), tally.invalidRejected(),
          tally.invalid(), tally.agreeWithLocalChecker(), tally.valid() + tally.invalid());
    }
  }
}
