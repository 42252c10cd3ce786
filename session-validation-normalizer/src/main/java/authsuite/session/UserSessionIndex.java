package authsuite.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Instant;
import java.util.List;

/**
 * Which sessions each user has, so that they can be listed and ended together. An entry lives until its
 * session's absolute deadline; one whose session expired earlier by idleness is dropped by whoever reads it.
 */
interface UserSessionIndex {

  /** In a sorted set {@code <keyPrefix>user-sessions:{<user_id>}}, scored by absolute deadline (epoch ms). */
  static UserSessionIndex redis(Redis redis, String keyPrefix) {
    return new RedisUserSessionIndex(redis, keyPrefix);
  }

  /** For the embedded suite: shared by every verticle of this Vert.x instance. */
  static UserSessionIndex local(Vertx vertx) {
    return new LocalUserSessionIndex(vertx);
  }

  Future<Void> add(String userId, String sessionId, Instant absoluteDeadline);

  /** The session ids whose absolute deadline has not passed. */
  Future<List<String>> list(String userId);

  Future<Void> remove(String userId, String sessionId);

  /** Removes the user's entry and answers the session ids it held. */
  Future<List<String>> removeAll(String userId);
}
