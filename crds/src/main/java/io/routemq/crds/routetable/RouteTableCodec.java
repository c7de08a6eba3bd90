package io.routemq.crds.routetable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the route-table file (JSON). Output is stable, so its hash is too. */
public final class RouteTableCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          // An older worker may meet a newer operator's extra fields during a rolling upgrade.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private RouteTableCodec() {}

  public static String toJson(RouteTable table) {
    try {
      return MAPPER.writeValueAsString(table);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("route table cannot be serialized", e);
    }
  }

  public static RouteTable fromJson(String json) {
    try {
      return check(MAPPER.readValue(json, RouteTable.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("route table is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static RouteTable read(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read route table " + file, e);
    }
  }

  private static RouteTable check(RouteTable table) {
    if (table.version() > RouteTable.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "route table format " + table.version() + " is newer than this worker understands ("
              + RouteTable.FORMAT_VERSION + "): upgrade the worker image");
    }
    if (table.routes() == null || table.routes().isEmpty()) {
      throw new IllegalArgumentException("route table has no routes");
    }
    return table;
  }
}
