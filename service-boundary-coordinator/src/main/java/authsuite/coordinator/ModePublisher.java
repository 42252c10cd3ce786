package authsuite.coordinator;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.ModeChange;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Tells every service about a mode change: a {@code mode_changed} event, and the current mode
 * under {@link ModeChange#redisKey} for services that start later. Redis may be the very thing
 * that is down: a change that could not be published is published again after the next round.
 */
final class ModePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ModePublisher.class);

  private final Optional<Redis> redis;
  private final String keyPrefix;
  private final AuthEventChannel events;
  private final String origin;
  private final long timeoutMs;
  private ModeChange pending;

  /** @param redis where the current mode is kept for services that start later; empty when embedded */
  ModePublisher(Optional<Redis> redis, String keyPrefix, AuthEventChannel events, String origin, long timeoutMs) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.events = events;
    this.origin = origin;
    this.timeoutMs = timeoutMs;
  }

  Future<Void> publish(ModeChange change) {
    pending = change;
    LOG.warn("mode {} -> {}: {}", change.previous(), change.mode(), change.reason(), kv("mode", change.mode()),
        kv("previous", change.previous()), kv("forced", change.forced()), kv("reason", change.reason()));
    return retryPending();
  }

  /** Publishes the latest change again if it has not reached Redis yet; a no-op otherwise. */
  Future<Void> retryPending() {
    ModeChange change = pending;
    if (change == null) {
      return Future.succeededFuture();
    }
    Future<Void> stored = redis
        .map(client -> client.send(Request.cmd(Command.SET, ModeChange.redisKey(keyPrefix), change.toJson().encode()))
            .<Void>mapEmpty())
        .orElseGet(Future::succeededFuture);
    return stored
        .compose(v -> events.publish(change.toEvent(origin)))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(v -> {
          if (pending == change) {
            pending = null;
          }
        })
        .onFailure(e -> LOG.warn("cannot publish the mode change yet; retrying after the next round",
            kv("mode", change.mode()), kv("error", e.getMessage())))
        .otherwiseEmpty();
  }
}
