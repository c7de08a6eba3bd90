package io.routemq.crds.routetable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Turns fuzzer bytes into the text a target sees, so corpus files stay readable text. */
final class FuzzInput {

  private FuzzInput() {}

  /**
   * Bytes as UTF-8 (invalid sequences become U+FFFD, as any Java reader would make them), except that an input
   * starting with 0xFF, which UTF-8 never holds, is read as raw UTF-16 code units so lone surrogates (text with no
   * UTF-8 form) reach the target too.
   */
  static String text(byte[] data) {
    if (data.length > 0 && data[0] == (byte) 0xFF) {
      ByteBuffer rest = ByteBuffer.wrap(data, 1, (data.length - 1) & ~1);
      StringBuilder out = new StringBuilder();
      while (rest.remaining() >= 2) {
        out.append(rest.getChar());
      }
      return out.toString();
    }
    return new String(data, StandardCharsets.UTF_8);
  }
}
