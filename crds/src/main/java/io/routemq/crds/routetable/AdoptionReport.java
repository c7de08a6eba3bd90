package io.routemq.crds.routetable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/**
 * What a session-adopter process reports as its termination message, which the kubelet copies into the pod's
 * status and the operator reads: one line of JSON, totals only, so it stays far below the kubelet's 4 KiB limit
 * however many sessions were adopted.
 *
 * @param sessions client ids the process was asked to adopt
 * @param present of those, how many the broker still had a session for
 * @param processed messages found in those sessions and handled by the group's routes
 * @param handedBack messages left for the group's other members (drain mode Handover)
 * @param leftUnacked messages still unacknowledged when the process gave up on a session (0 on success)
 * @param millis how long the adoption took
 */
public record AdoptionReport(int sessions, int present, long processed, long handedBack, long leftUnacked,
    long millis) {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("adoption report cannot be serialized", e);
    }
  }

  /** The report in a termination message, or empty when the message is missing or is something else. */
  public static Optional<AdoptionReport> parse(String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(terminationMessage.strip(), AdoptionReport.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
