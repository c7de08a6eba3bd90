package io.routemq.worker.handler;

import java.util.concurrent.CompletionStage;

/**
 * Runs for each message of a route. The message is acknowledged to the broker only after the returned stage
 * completes normally; an exception (thrown or in the stage) is a failed attempt, retried per the group's failure
 * policy and then dead-lettered. Called on a handler thread: blocking is allowed, and the group's concurrency
 * bounds how many run at once.
 */
@FunctionalInterface
public interface MessageHandler {

  CompletionStage<Void> handle(MessageContext message) throws Exception;

  /**
   * Whether {@link #handle} returns at once, never waiting on a lock, a sleep or I/O (it may return a stage that
   * completes later, e.g. on a broker's acknowledgement). Such a handler's first attempt runs on the MQTT client's
   * own thread, and a message it finishes there is acknowledged there too: no hand-off to a handler thread and back,
   * which is most of what a cheap message costs. A handler that blocks there would stall the whole connection, so
   * this is {@code false} unless the handler says otherwise with {@link #nonBlocking(MessageHandler)}.
   */
  default boolean nonBlocking() {
    return false;
  }

  /** {@code handler}, declared as one that never blocks (see {@link #nonBlocking()}). */
  static MessageHandler nonBlocking(MessageHandler handler) {
    return new MessageHandler() {
      @Override
      public CompletionStage<Void> handle(MessageContext message) throws Exception {
        return handler.handle(message);
      }

      @Override
      public boolean nonBlocking() {
        return true;
      }
    };
  }
}
