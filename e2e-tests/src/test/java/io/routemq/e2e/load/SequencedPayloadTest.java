package io.routemq.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SequencedPayloadTest {

  @Test
  void roundTripsHeaderAndPadsToSize() {
    byte[] bytes = SequencedPayload.encode(42, 7, 123_456, 100);
    assertThat(bytes).hasSize(100);
    assertThat(SequencedPayload.decode(ByteBuffer.wrap(bytes)))
        .isEqualTo(new SequencedPayload.Header(42, 7, 123_456));
  }

  @Test
  void neverTruncatesTheHeader() {
    assertThat(SequencedPayload.encode(1, 2, 3, 5)).hasSize(SequencedPayload.HEADER_BYTES);
  }

  @Test
  void foreignPayloadIsNotDecoded() {
    assertThat(SequencedPayload.decode(ByteBuffer.wrap(new byte[] {1, 2, 3}))).isNull();
  }
}
