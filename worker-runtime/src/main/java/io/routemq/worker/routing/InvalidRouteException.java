package io.routemq.worker.routing;

/** A route table the router cannot use; the message names the route and what to change. */
public class InvalidRouteException extends IllegalArgumentException {
  public InvalidRouteException(String message) {
    super(message);
  }
}
