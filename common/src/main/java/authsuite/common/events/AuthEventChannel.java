package authsuite.common.events;

import authsuite.common.events.impl.LocalAuthEventChannel;
import authsuite.common.events.impl.RedisAuthEventChannel;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Broadcasts {@link AuthEvent}s to every subscriber of a channel. Handlers run on the context that subscribed
 * (a verticle's event loop), and a message that is not an auth event is ignored rather than delivered.
 */
public interface AuthEventChannel {

  /**
   * Events over Redis pub/sub: published on {@code publisher} (the pooled client, which the caller owns), received on
   * one dedicated connection from {@code subscriberOptions}, opened on the first subscribe and re-opened after a drop.
   */
  static AuthEventChannel redis(Vertx vertx, Redis publisher, RedisOptions subscriberOptions, String channelName) {
    return new RedisAuthEventChannel(vertx, publisher, subscriberOptions, channelName);
  }

  /** Events within this JVM, over the event bus, so every verticle of the Vert.x instance receives them. */
  static AuthEventChannel local(Vertx vertx, String channelName) {
    return new LocalAuthEventChannel(vertx, channelName);
  }

  Future<Void> publish(AuthEvent event);

  /**
   * As {@link #publish}, completing with how many subscribers the event reached: over Redis, the subscribed
   * connections PUBLISH delivered it to (one per subscribed service instance); locally, the subscriptions in this
   * JVM. Without a way to count, -1.
   */
  default Future<Long> publishCounted(AuthEvent event) {
    return publish(event).map(published -> -1L);
  }

  /** Completes once the handler will receive every event published from then on (for Redis: SUBSCRIBE confirmed). */
  Future<AuthEventSubscription> subscribe(Handler<AuthEvent> handler);

  /**
   * As {@link #subscribe(Handler)}, and {@code onResubscribed} runs on the same context each time the channel has
   * re-established its transport after losing it: events published in between were lost, so whoever keeps state
   * from events reloads it then. A channel that cannot lose events never calls it.
   */
  default Future<AuthEventSubscription> subscribe(Handler<AuthEvent> handler, Handler<Void> onResubscribed) {
    return subscribe(handler);
  }

  Future<Void> close();
}
