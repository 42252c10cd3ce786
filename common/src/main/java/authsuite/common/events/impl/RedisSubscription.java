package authsuite.common.events.impl;

import authsuite.common.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one dedicated connection a channel subscribes on. A connection in subscribe mode can run no other command,
 * so it cannot come from (or go back to) the shared pool. When it drops, it is re-opened with bounded backoff
 * for as long as someone listens.
 */
final class RedisSubscription {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscription.class);
  private static final long FIRST_RETRY_MS = 100;
  private static final long MAX_RETRY_MS = 5_000;
  private static final long NO_TIMER = -1;

  private final Vertx vertx;
  private final RedisOptions options;
  private final String channelName;
  private final Consumer<String> onMessage;
  private final BooleanSupplier anyoneListening;
  private final Runnable onResubscribed;

  // guarded by this
  private Redis client;
  private RedisConnection connection;
  private Future<Void> subscribed;
  private Promise<Void> confirmation;
  private long retryTimer = NO_TIMER;
  private long retryDelayMs = FIRST_RETRY_MS;
  private boolean closed;

  RedisSubscription(Vertx vertx, RedisOptions options, String channelName, Consumer<String> onMessage,
                    BooleanSupplier anyoneListening, Runnable onResubscribed) {
    this.vertx = vertx;
    this.options = Objects.requireNonNull(options, "subscriberOptions");
    this.channelName = channelName;
    this.onMessage = onMessage;
    this.anyoneListening = anyoneListening;
    this.onResubscribed = onResubscribed;
  }

  /** The current subscription, or a new attempt when there is none; fails with "redis unavailable". */
  synchronized Future<Void> ensureSubscribed() {
    if (closed) {
      return ChannelClosed.failure(channelName);
    }
    if (subscribed == null) {
      Future<Void> attempt = connectAndSubscribe();
      subscribed = attempt;
      attempt.onFailure(e -> forget(attempt));
    }
    return subscribed;
  }

  Future<Void> close() {
    RedisConnection openConnection;
    Redis openClient;
    Promise<Void> pending;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      if (retryTimer != NO_TIMER) {
        vertx.cancelTimer(retryTimer);
      }
      openConnection = connection;
      openClient = client;
      pending = confirmation;
      connection = null;
      client = null;
      confirmation = null;
      subscribed = null;
    }
    if (pending != null) {
      pending.tryFail(new IllegalStateException("auth event channel " + channelName + " is closed"));
    }
    Future<Void> connectionClosed = openConnection == null ? Future.succeededFuture() : openConnection.close();
    return connectionClosed
      .otherwiseEmpty()
      .compose(v -> openClient == null ? Future.<Void>succeededFuture() : openClient.close());
  }

  private Future<Void> connectAndSubscribe() {
    if (client == null) {
      client = Redis.createClient(vertx, options);
    }
    return DependencyUnavailableException.whenFailing("redis", client.connect().compose(this::subscribeOn));
  }

  private Future<Void> subscribeOn(RedisConnection opened) {
    Promise<Void> confirmed = Promise.promise();
    synchronized (this) {
      if (closed) {
        opened.close();
        return ChannelClosed.failure(channelName);
      }
      connection = opened;
      confirmation = confirmed;
    }
    opened.handler(this::onReply);
    opened.exceptionHandler(cause -> onDrop(opened, cause));
    opened.endHandler(end -> onDrop(opened, null));
    // SUBSCRIBE completes as soon as it is written; Redis confirms it with a "subscribe" push on the handler.
    return opened.send(Request.cmd(Command.SUBSCRIBE, channelName))
      .compose(written -> confirmed.future());
  }

  private void onReply(Response reply) {
    if (reply == null || (reply.type() != ResponseType.MULTI && reply.type() != ResponseType.PUSH) || reply.size() < 3
      || !channelName.equals(String.valueOf(reply.get(1)))) {
      LOG.debug("ignoring a reply on the {} subscriber connection that is not for the channel", channelName);
      return;
    }
    String kind = String.valueOf(reply.get(0));
    if ("message".equals(kind)) {
      onMessage.accept(String.valueOf(reply.get(2)));
    } else if ("subscribe".equals(kind)) {
      confirm();
    }
  }

  private void confirm() {
    Promise<Void> pending;
    synchronized (this) {
      pending = confirmation;
      confirmation = null;
      retryDelayMs = FIRST_RETRY_MS;
    }
    if (pending != null) {
      pending.tryComplete();
    }
  }

  private void onDrop(RedisConnection dropped, Throwable cause) {
    Promise<Void> pending;
    synchronized (this) {
      if (dropped != connection || closed) {
        return;
      }
      connection = null;
      subscribed = null;
      pending = confirmation;
      confirmation = null;
    }
    dropped.close();
    if (pending != null) {
      pending.tryFail(cause != null ? cause : new IllegalStateException("subscriber connection closed"));
    }
    LOG.warn("lost the Redis subscription to auth event channel {}: {}", channelName,
      cause == null ? "connection closed" : cause.getMessage());
    scheduleResubscribe();
  }

  private synchronized void scheduleResubscribe() {
    if (closed || retryTimer != NO_TIMER || !anyoneListening.getAsBoolean()) {
      return;
    }
    long delay = retryDelayMs;
    retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_MS);
    retryTimer = vertx.setTimer(delay, id -> resubscribe());
  }

  private void resubscribe() {
    synchronized (this) {
      retryTimer = NO_TIMER;
      if (closed) {
        return;
      }
    }
    ensureSubscribed()
      .onSuccess(v -> {
        LOG.info("resubscribed to auth event channel {}", channelName);
        onResubscribed.run();
      })
      .onFailure(e -> {
        LOG.debug("resubscribing to auth event channel {} failed: {}", channelName, e.getMessage());
        scheduleResubscribe();
      });
  }

  private synchronized void forget(Future<Void> attempt) {
    if (subscribed == attempt) {
      subscribed = null;
    }
  }
}
