package authsuite.session.store.impl;

import authsuite.common.DependencyUnavailableException;
import authsuite.session.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

public final class RedisSessionStore implements SessionStore {

  private static final long KEY_ABSENT = -2;
  private static final long KEY_WITHOUT_EXPIRY = -1;

  private final Redis redis;
  private final String keyPrefix;

  public RedisSessionStore(Redis redis, String keyPrefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + "session:";
  }

  @Override
  public Future<Void> put(String sessionId, JsonObject session, Duration ttl) {
    if (!SessionTtl.isValid(ttl)) {
      return SessionTtl.rejected(ttl);
    }
    return send(Request.cmd(Command.SET, key(sessionId), session.encode(), "PX", ttl.toMillis()))
      .mapEmpty();
  }

  @Override
  public Future<JsonObject> get(String sessionId) {
    return send(Request.cmd(Command.GET, key(sessionId))).map(RedisSessionStore::toSession);
  }

  @Override
  public Future<JsonObject> touch(String sessionId, Duration ttl) {
    if (!SessionTtl.isValid(ttl)) {
      return SessionTtl.rejected(ttl);
    }
    // GETEX reads and re-arms the expiry in one command, so a session cannot expire between the two.
    return send(Request.cmd(Command.GETEX, key(sessionId), "PX", ttl.toMillis()))
      .map(RedisSessionStore::toSession);
  }

  @Override
  public Future<Buffer> touchEncoded(String sessionId, Duration ttl) {
    if (!SessionTtl.isValid(ttl)) {
      return SessionTtl.rejected(ttl);
    }
    return send(Request.cmd(Command.GETEX, key(sessionId), "PX", ttl.toMillis()))
      .map(reply -> reply == null ? null : reply.toBuffer());
  }

  @Override
  public Future<Duration> remainingTtl(String sessionId) {
    return send(Request.cmd(Command.PTTL, key(sessionId))).map(reply -> {
      long millis = reply.toLong();
      if (millis == KEY_ABSENT) {
        return null;
      }
      // Only a key written by something other than this store can lack an expiry.
      return millis == KEY_WITHOUT_EXPIRY ? ChronoUnit.FOREVER.getDuration() : Duration.ofMillis(millis);
    });
  }

  @Override
  public Future<Boolean> delete(String sessionId) {
    return send(Request.cmd(Command.DEL, key(sessionId))).map(reply -> reply.toLong() > 0);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private String key(String sessionId) {
    return keyPrefix + Objects.requireNonNull(sessionId, "sessionId");
  }

  private Future<Response> send(Request request) {
    return DependencyUnavailableException.whenFailing("redis", redis.send(request));
  }

  private static JsonObject toSession(Response reply) {
    return reply == null ? null : new JsonObject(reply.toBuffer());
  }
}
