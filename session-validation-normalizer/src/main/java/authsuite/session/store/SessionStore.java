package authsuite.session.store;

import authsuite.session.store.impl.InMemorySessionStore;
import authsuite.session.store.impl.RedisSessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.time.Duration;

/**
 * Sessions keyed by id, each with its own expiry. Redis failures surface as a failed future carrying
 * {@link authsuite.common.DependencyUnavailableException} (dependency {@code "redis"}), never as "absent".
 */
public interface SessionStore {

  /** Sessions under {@code <keyPrefix>session:<id>}, on a client the caller owns: {@link #close()} leaves it open. */
  static SessionStore redis(Redis redis, String keyPrefix) {
    return new RedisSessionStore(redis, keyPrefix);
  }

  /** Sessions shared by every verticle of this Vert.x instance; expired ones are swept until {@link #close()}. */
  static SessionStore inMemory(Vertx vertx) {
    return new InMemorySessionStore(vertx);
  }

  Future<Void> put(String sessionId, JsonObject session, Duration ttl);

  /** The session, or {@code null} when absent or expired. Does not extend its expiry. */
  Future<JsonObject> get(String sessionId);

  /** Sliding expiry: the session, its expiry reset to {@code ttl} in the same step; {@code null} when absent. */
  Future<JsonObject> touch(String sessionId, Duration ttl);

  /**
   * As {@link #touch}, but the session as its stored JSON text, not decoded: for callers that answer it as it is
   * and would only encode it again.
   */
  default Future<Buffer> touchEncoded(String sessionId, Duration ttl) {
    return touch(sessionId, ttl).map(session -> session == null ? null : session.toBuffer());
  }

  /** Time left before the session expires, or {@code null} when absent. */
  Future<Duration> remainingTtl(String sessionId);

  /** {@code true} when the session existed. */
  Future<Boolean> delete(String sessionId);

  Future<Void> close();
}
