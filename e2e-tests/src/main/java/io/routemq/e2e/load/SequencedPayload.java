package io.routemq.e2e.load;

import java.nio.ByteBuffer;

/**
 * The load tester's message body: run id, sequence number and send time, padded to size. Handlers
 * that republish the payload unchanged let the listener match each output to its input.
 */
public final class SequencedPayload {

  public static final int HEADER_BYTES = 24;

  private SequencedPayload() {}

  public static byte[] encode(long runId, long sequence, long sentMicros, int size) {
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(size, HEADER_BYTES));
    buffer.putLong(runId).putLong(sequence).putLong(sentMicros);
    return buffer.array();
  }

  /** A decoded header, or null when the payload is not one of ours. */
  public record Header(long runId, long sequence, long sentMicros) {}

  public static Header decode(ByteBuffer payload) {
    if (payload.remaining() < HEADER_BYTES) {
      return null;
    }
    ByteBuffer b = payload.duplicate();
    return new Header(b.getLong(), b.getLong(), b.getLong());
  }
}
