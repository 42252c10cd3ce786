package authsuite.common.jwt.revocation.impl;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.jwt.NumericDate;
import authsuite.common.jwt.revocation.impl.Revocation.Kind;
import authsuite.common.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One sorted set per kind, {@code <prefix>{revocations}:<kind>} (member: the id, score: until in epoch ms), and
 * one hash {@code <prefix>{revocations}:user:not-before} (user id to not-before in epoch s, the unit of {@code iat}, with
 * the milliseconds as a fraction; a whole number written before fractions were is read as the same instant).
 * The shared hash tag keeps every revocation key in one Redis Cluster slot, so that a write (one Lua script) and
 * the full load (a few range reads, at start and on resync only, never per token) work the same on a single
 * Redis and on a cluster, where a SCAN would see one node only. A write never shortens an until nor moves a
 * not-before back: a late or repeated revocation must not undo a stronger one. Each write also drops a bounded
 * number of entries whose until has passed, so the sets do not grow without end.
 */
final class RedisRevocationStore implements RevocationStore {

  private static final RedisScript REVOKE = new RedisScript("""
    local untilMs = tonumber(ARGV[2])
    local held = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
    if held and held > untilMs then
      untilMs = held
    end
    redis.call('ZADD', KEYS[1], string.format('%.0f', untilMs), ARGV[1])
    if ARGV[4] ~= '' then
      local notBefore = tonumber(ARGV[4])
      local heldNotBefore = tonumber(redis.call('HGET', KEYS[2], ARGV[1]))
      if heldNotBefore and heldNotBefore > notBefore then
        notBefore = heldNotBefore
      end
      redis.call('HSET', KEYS[2], ARGV[1], string.format('%.3f', notBefore))
    end
    local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3], 'LIMIT', 0, 100)
    if #expired > 0 then
      redis.call('ZREM', KEYS[1], unpack(expired))
      if ARGV[4] ~= '' then
        redis.call('HDEL', KEYS[2], unpack(expired))
      end
    end
    return 1
    """);

  private final Redis redis;
  private final String keyPrefix;

  RedisRevocationStore(Redis redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix + "{revocations}:";
  }

  @Override
  public Future<Void> write(Revocation revocation) {
    String notBefore = revocation.kind() == Kind.USER ? NumericDate.of(Instant.ofEpochMilli(revocation.notBeforeMs())).toPlainString() : "";
    return REVOKE.run(redis, List.of(setKey(revocation.kind()), notBeforeKey()),
        List.of(revocation.id(), revocation.untilMs(), System.currentTimeMillis(), notBefore)).mapEmpty();
  }

  @Override
  public Future<Void> loadInto(Consumer<Revocation> sink) {
    long now = System.currentTimeMillis();
    List<Request> reads = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      reads.add(Request.cmd(Command.ZRANGEBYSCORE, setKey(kind), now, "+inf", "WITHSCORES"));
    }
    reads.add(Request.cmd(Command.HGETALL, notBeforeKey()));
    Future<Void> loaded = redis.batch(reads).map(replies -> {
      Response notBefores = replies.get(Kind.values().length);
      for (Kind kind : Kind.values()) {
        Response members = replies.get(kind.ordinal());
        boolean paired = members.size() > 0 && members.get(0).size() == 2;
        for (int i = 0; i < members.size(); i += paired ? 1 : 2) {
          Response id = paired ? members.get(i).get(0) : members.get(i);
          Response score = paired ? members.get(i).get(1) : members.get(i + 1);
          Revocation revocation = revocation(kind, id.toString(), score, notBefores);
          if (revocation != null) {
            sink.accept(revocation);
          }
        }
      }
      return null;
    });
    return DependencyUnavailableException.whenFailing("redis", loaded);
  }

  /** WITHSCORES answers [member, score] pairs over RESP3 and a flat member, score list over RESP2: both are read. */
  private static Revocation revocation(Kind kind, String id, Response score, Response notBefores) {
    try {
      long untilMs = (long) Double.parseDouble(score.toString());
      if (kind != Kind.USER) {
        return new Revocation(kind, id, untilMs, 0);
      }
      Response notBefore = notBefores == null ? null : notBefores.get(id);
      Instant notBeforeAt = notBefore == null ? null : NumericDate.read(new BigDecimal(notBefore.toString()));
      return notBeforeAt == null ? null : new Revocation(kind, id, untilMs, notBeforeAt.toEpochMilli());
    } catch (NumberFormatException notOurs) {
      return null;
    }
  }

  private String setKey(Kind kind) {
    return keyPrefix + kind.label;
  }

  private String notBeforeKey() {
    return keyPrefix + "user:not-before";
  }
}
