package authsuite.common.events;

import io.vertx.core.Future;

public interface AuthEventSubscription {

  /** Stops delivery to this subscription's handler; other subscriptions of the channel are unaffected. */
  Future<Void> cancel();
}
