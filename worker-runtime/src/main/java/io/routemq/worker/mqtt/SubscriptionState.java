package io.routemq.worker.mqtt;

import io.routemq.worker.routing.Subscription;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** What a connection of either MQTT version keeps about its subscriptions: which, whether wanted, whether in place. */
final class SubscriptionState {
  private static final Logger LOG = Logger.getLogger(SubscriptionState.class);

  private volatile List<Subscription> subscriptions = List.of();
  private volatile boolean wanted = true;
  private volatile boolean subscribed;

  void set(List<Subscription> subscriptions) {
    this.subscriptions = List.copyOf(subscriptions);
  }

  List<Subscription> subscriptions() {
    return subscriptions;
  }

  /** After a connect: subscribe unless draining. */
  boolean shouldSubscribe() {
    return wanted && !subscriptions.isEmpty();
  }

  /** The SUBACK (or the failure) of a subscribe. */
  void subscribeDone(Throwable error, boolean refused, Object reasonCodes) {
    if (error != null) {
      LOG.errorf("subscribe failed: %s", error.getMessage());
    } else if (refused) {
      LOG.errorf("the broker refused a subscription: %s; check the broker's ACL for %s", reasonCodes, subscriptions);
    } else {
      subscribed = true;
      LOG.infof("subscribed to %s", subscriptions);
    }
  }

  void disconnected() {
    subscribed = false;
  }

  /** Draining: no more subscribing, also after reconnects; true when an UNSUBSCRIBE should go out now. */
  boolean stop(boolean connected) {
    wanted = false;
    subscribed = false;
    return connected && !subscriptions.isEmpty();
  }

  boolean isSubscribed() {
    return subscribed;
  }

  /** Sends the subscriptions again through {@code subscribe} while they are in place and wanted; else nothing. */
  CompletableFuture<Void> resend(boolean connected, Supplier<CompletableFuture<?>> subscribe) {
    if (!connected || !subscribed || !shouldSubscribe()) {
      return CompletableFuture.completedFuture(null);
    }
    return subscribe.get().thenAccept(ack -> { });
  }
}
