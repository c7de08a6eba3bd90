package io.routemq.operator.validation;

/**
 * Something wrong with a spec that the CRD schema cannot catch.
 *
 * @param reason a CamelCase condition reason, e.g. SecretNotFound
 * @param message what is wrong and what to do about it
 */
public record SpecProblem(String reason, String message) {

  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String SECRET_KEY_MISSING = "SecretKeyMissing";
  public static final String UNKNOWN_HANDLER = "UnknownHandler";
  public static final String INVALID_BROKER_URL = "InvalidBrokerUrl";
  public static final String ROUTE_TABLE_TOO_LARGE = "RouteTableTooLarge";
}
