package authsuite.session;

import authsuite.common.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One sorted set per user. The user id is the key's hash tag, so that in Redis Cluster every key of one user
 * (this index, and any user-scoped key added later) lands on one slot and can be used in one command or script.
 */
final class RedisUserSessionIndex implements UserSessionIndex {
  private final Redis redis;
  private final String keyPrefix;

  RedisUserSessionIndex(Redis redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix + "user-sessions:{";
  }

  @Override
  public Future<Void> add(String userId, String sessionId, Instant absoluteDeadline) {
    String key = key(userId);
    long deadline = absoluteDeadline.toEpochMilli();
    // GT: the index lives as long as the user's longest session, never shortened by a shorter one
    return batch(List.of(
        Request.cmd(Command.ZADD, key, deadline, sessionId),
        Request.cmd(Command.PEXPIREAT, key, deadline, "GT"),
        Request.cmd(Command.PEXPIREAT, key, deadline, "NX"))).mapEmpty();
  }

  @Override
  public Future<List<String>> list(String userId) {
    String key = key(userId);
    return batch(List.of(
        Request.cmd(Command.ZREMRANGEBYSCORE, key, "-inf", System.currentTimeMillis()),
        Request.cmd(Command.ZRANGE, key, 0, -1)))
        .map(replies -> ids(replies.get(1)));
  }

  @Override
  public Future<Void> remove(String userId, String sessionId) {
    return batch(List.of(Request.cmd(Command.ZREM, key(userId), sessionId))).mapEmpty();
  }

  @Override
  public Future<List<String>> removeAll(String userId) {
    String key = key(userId);
    return batch(List.of(Request.cmd(Command.ZRANGE, key, 0, -1), Request.cmd(Command.DEL, key)))
        .map(replies -> ids(replies.get(0)));
  }

  private String key(String userId) {
    return keyPrefix + userId + "}";
  }

  private Future<List<Response>> batch(List<Request> requests) {
    return DependencyUnavailableException.whenFailing("redis", redis.batch(requests));
  }

  private static List<String> ids(Response members) {
    List<String> ids = new ArrayList<>();
    if (members != null) {
      members.forEach(member -> ids.add(member.toString()));
    }
    return ids;
  }
}
