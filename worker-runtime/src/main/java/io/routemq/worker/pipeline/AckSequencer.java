package io.routemq.worker.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Sends acknowledgements in the order the messages arrived, as MQTT asks (PUBACKs in PUBLISH order). Handler threads
 * finish out of order; without this, the client library's receive-maximum window and the broker's disagree (the
 * window only slides on in-order acknowledgements) and a broker such as Mosquitto then sends more than the window,
 * which the client treats as a protocol error.
 *
 * <p>A message given up on (left for redelivery) still releases its place, without an acknowledgement.
 */
final class AckSequencer {
  private static final Runnable NO_ACK = () -> { };

  private final Map<Long, Runnable> finished = new HashMap<>();
  private long next;
  private long released;

  /** On arrival, in arrival order: the message's place. */
  synchronized long register() {
    return next++;
  }

  /** The message is done; its acknowledgement (and those of later messages already done) go out in order. */
  synchronized void acknowledge(long place, Runnable ack) {
    finished.put(place, ack);
    Runnable r;
    while ((r = finished.remove(released)) != null) {
      released++;
      r.run();
    }
  }

  /** The message stays unacknowledged (the broker delivers it again); later ones are not held up by it. */
  void skip(long place) {
    acknowledge(place, NO_ACK);
  }
}
