package authsuite.common.events.impl;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.AuthEventSubscription;
import authsuite.common.telemetry.RequestContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

public final class RedisAuthEventChannel implements AuthEventChannel {

  private static final Logger LOG = LoggerFactory.getLogger(RedisAuthEventChannel.class);

  private final Vertx vertx;
  private final Redis publisher;
  private final String channelName;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final RedisSubscription subscription;
  /** On a cluster PUBLISH answers the receivers on the node it ran on only, not the cluster's: no count then. */
  private final boolean countable;
  private volatile boolean closed;

  public RedisAuthEventChannel(Vertx vertx, Redis publisher, RedisOptions subscriberOptions, String channelName) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.channelName = Objects.requireNonNull(channelName, "channelName");
    this.countable = subscriberOptions.getType() != RedisClientType.CLUSTER;
    this.subscription = new RedisSubscription(vertx, subscriberOptions, channelName, this::fanOut,
      () -> !subscribers.isEmpty(), this::announceResubscribed);
  }

  @Override
  public Future<Void> publish(AuthEvent event) {
    return publishCounted(event).mapEmpty();
  }

  @Override
  public Future<Long> publishCounted(AuthEvent event) {
    if (closed) {
      return ChannelClosed.failure(channelName);
    }
    return DependencyUnavailableException.whenFailing("redis",
      publisher.send(Request.cmd(Command.PUBLISH, channelName, event.toJson().encode()))
        .map(receivers -> !countable ? -1L : receivers == null ? 0L : receivers.toLong()));
  }

  @Override
  public Future<AuthEventSubscription> subscribe(Handler<AuthEvent> handler) {
    return subscribe(handler, resubscribed -> { });
  }

  @Override
  public Future<AuthEventSubscription> subscribe(Handler<AuthEvent> handler, Handler<Void> onResubscribed) {
    if (closed) {
      return ChannelClosed.failure(channelName);
    }
    Subscriber subscriber = new Subscriber(vertx.getOrCreateContext(), handler, onResubscribed);
    subscribers.add(subscriber);
    return subscription.ensureSubscribed()
      .onFailure(notSubscribed -> subscribers.remove(subscriber))
      .map(subscribed -> () -> {
        subscribers.remove(subscriber);
        return Future.succeededFuture();
      });
  }

  @Override
  public Future<Void> close() {
    closed = true;
    subscribers.clear();
    return subscription.close();
  }

  private void fanOut(String message) {
    AuthEvent event = EventDecoding.decode(channelName, message);
    if (event != null) {
      subscribers.forEach(subscriber -> subscriber.deliver(event));
    }
  }

  private void announceResubscribed() {
    subscribers.forEach(Subscriber::resubscribed);
  }

  private record Subscriber(Context context, Handler<AuthEvent> handler, Handler<Void> onResubscribed) {

    void resubscribed() {
      context.runOnContext(v -> {
        try {
          onResubscribed.handle(null);
        } catch (RuntimeException e) {
          LOG.warn("an auth event channel's resubscribe handler failed", e);
        }
      });
    }

    /**
     * Each handler gets its own copy of the data, on the context it subscribed from, as an event bus consumer would:
     * a fresh duplicate of it, which carries the event's correlation id to the handler's log lines.
     */
    void deliver(AuthEvent event) {
      AuthEvent own = event.withData(event.data().copy());
      RequestContext.forked(context, own.correlationId()).runOnContext(v -> {
        try {
          handler.handle(own);
        } catch (RuntimeException e) {
          LOG.warn("an auth event handler failed on event {}", own.type(), e);
        }
      });
    }
  }
}
