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
}
