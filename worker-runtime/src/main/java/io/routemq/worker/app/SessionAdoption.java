package io.routemq.worker.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.routemq.crds.routetable.AdoptionReport;
import io.routemq.crds.routetable.WorkerContract;
import io.routemq.worker.config.WorkerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A session-adopter process: the operator starts one with {@link WorkerContract#ENV_ADOPT_SESSIONS} when workers of
 * a shared group are gone without ending their broker sessions. It adopts each session with the group's own route
 * table, credentials and handlers ({@link Worker#adopt}), all at once so that no session keeps collecting its share
 * while another is handled, then reports the totals as its termination message and exits: 0 when every session was
 * emptied, 1 otherwise (the pod's restart policy tries again; what is left stays in the sessions).
 */
final class SessionAdoption {
  private static final Logger LOG = Logger.getLogger(SessionAdoption.class);
  /** The handling of one session may take this long; a larger backlog is finished by the next try. */
  static final long TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(5);
  /** Sessions adopted at the same time: each holds a connection and the group's handler threads. */
  private static final int PARALLEL = 8;

  /**
   * What happened to one session.
   *
   * @param clientId the gone worker's client id
   * @param present whether the broker still had its session
   * @param processed messages found in it and handled
   * @param handedBack messages left for the group's other members
   * @param leftUnacked messages still unacknowledged at the end (0: the session was ended)
   * @param millis how long it took
   */
  record Result(String clientId, boolean present, long processed, long handedBack, long leftUnacked, long millis) {}

  private SessionAdoption() {}

  /** The client ids to adopt, from the environment; empty for an ordinary worker. */
  static List<String> requested(Map<String, String> env) {
    String ids = env.get(WorkerContract.ENV_ADOPT_SESSIONS);
    if (ids == null || ids.isBlank()) {
      return List.of();
    }
    return Arrays.stream(ids.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** Adopts every session and writes the report; returns the process's exit code. */
  static int run(WorkerConfig config, List<String> clientIds, Map<String, String> env) throws InterruptedException {
    long start = System.nanoTime();
    LOG.infof("adopting %d session(s) of group %s/%s: %s", clientIds.size(), config.routeTable().cluster(),
        config.routeTable().group(), clientIds);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, clientIds.size()));
    List<Future<Result>> futures = new ArrayList<>();
    for (String id : clientIds) {
      // One registry per adopted session: the adopter is never scraped, and the meters of each stay apart.
      futures.add(pool.submit(() -> new Worker(config.withClientId(id), new SimpleMeterRegistry())
          .adopt(TIMEOUT_MILLIS)));
    }
    pool.shutdown();
    List<Result> results = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < futures.size(); i++) {
      try {
        results.add(futures.get(i).get());
      } catch (ExecutionException e) {
        failed++;
        LOG.errorf("adopting session %s failed: %s; it stays on the broker for the next try", clientIds.get(i),
            e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      }
    }
    AdoptionReport report = new AdoptionReport(clientIds.size(),
        (int) results.stream().filter(Result::present).count(),
        results.stream().mapToLong(Result::processed).sum(),
        results.stream().mapToLong(Result::handedBack).sum(),
        results.stream().mapToLong(Result::leftUnacked).sum(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    TerminationMessage.write(env, report.toJson());
    boolean complete = failed == 0 && report.leftUnacked() == 0;
    LOG.infof("adoption %s: %s", complete ? "complete" : "incomplete", report.toJson());
    return complete ? 0 : 1;
  }
}
