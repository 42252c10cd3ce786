package authsuite.common.events.impl;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.AuthEventSubscription;
import authsuite.common.telemetry.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.LocalMap;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class LocalAuthEventChannel implements AuthEventChannel {

  private static final String ADDRESS_PREFIX = "authsuite.auth-events.";
  // subscriptions per address across every channel object of this Vert.x instance, for publishCounted
  private static final String SUBSCRIBER_COUNTS = "authsuite.auth-events.subscribers";

  private final Vertx vertx;
  private final String channelName;
  private final String address;
  private final Set<MessageConsumer<Object>> consumers = ConcurrentHashMap.newKeySet();
  private final LocalMap<String, Long> subscriberCounts;
  private volatile boolean closed;

  public LocalAuthEventChannel(Vertx vertx, String channelName) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.channelName = Objects.requireNonNull(channelName, "channelName");
    this.address = ADDRESS_PREFIX + channelName;
    this.subscriberCounts = vertx.sharedData().getLocalMap(SUBSCRIBER_COUNTS);
  }

  @Override
  public Future<Void> publish(AuthEvent event) {
    if (closed) {
      return ChannelClosed.failure(channelName);
    }
    vertx.eventBus().publish(address, event.toJson());
    return Future.succeededFuture();
  }

  @Override
  public Future<Long> publishCounted(AuthEvent event) {
    return publish(event).map(published -> subscriberCounts.getOrDefault(address, 0L));
  }

  @Override
  public Future<AuthEventSubscription> subscribe(Handler<AuthEvent> handler) {
    if (closed) {
      return ChannelClosed.failure(channelName);
    }
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> {
      AuthEvent event = EventDecoding.decode(channelName, message.body());
      if (event != null) {
        // handled with the correlation id of the request that caused it, as it would be when it came over Redis
        RequestContext.forked(vertx.getOrCreateContext(), event.correlationId()).emit(event, handler);
      }
    });
    consumers.add(consumer);
    subscriberCounts.merge(address, 1L, Long::sum);
    return consumer.completion().map(registered -> () -> unregister(consumer));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    List<Future<Void>> unregistered = consumers.stream().map(this::unregister).toList();
    return Future.all(unregistered).mapEmpty();
  }

  private Future<Void> unregister(MessageConsumer<Object> consumer) {
    if (!consumers.remove(consumer)) {
      return Future.succeededFuture();
    }
    subscriberCounts.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
    return consumer.unregister();
  }
}
