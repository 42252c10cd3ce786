package authsuite.common.jwt.revocation.impl;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.jwt.revocation.impl.Revocation.Kind;
import authsuite.common.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One key per revocation, expiring with it: {@code <prefix>revoked:jti:<jti>}, {@code <prefix>revoked:session:<id>},
 * {@code <prefix>revoked:family:<id>} hold their until (epoch ms); {@code <prefix>revoked:user:<id>} holds the
 * user's not-before (epoch s). A write never shortens a key's expiry nor moves a not-before back: a late or repeated
 * revocation must not undo a stronger one. The full load (SCAN, then MGET and PTTL per page) runs at start and on
 * resync only, never per token.
 */
final class RedisRevocationStore implements RevocationStore {

  private static final RedisScript REVOKE = new RedisScript("""
    local ttl = tonumber(ARGV[2])
    local heldTtl = redis.call('PTTL', KEYS[1])
    if heldTtl > ttl then
      ttl = heldTtl
    end
    local value = ARGV[1]
    local held = tonumber(redis.call('GET', KEYS[1]))
    if held and held > tonumber(value) then
      value = string.format('%.0f', held)
    end
    redis.call('SET', KEYS[1], value, 'PX', ttl)
    return value
    """);
  private static final int SCAN_PAGE = 1000;
  private static final long NO_EXPIRY = -1;

  private final Redis redis;
  private final String keyPrefix;

  RedisRevocationStore(Redis redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix + "revoked:";
  }

  @Override
  public Future<Void> write(Revocation revocation) {
    long ttlMs = Math.max(1, revocation.untilMs() - System.currentTimeMillis());
    long value = revocation.kind() == Kind.USER ? revocation.notBeforeSeconds() : revocation.untilMs();
    String key = keyPrefix + revocation.kind().label + ':' + revocation.id();
    return REVOKE.run(redis, List.of(key), List.of(value, ttlMs)).mapEmpty();
  }

  @Override
  public Future<Void> loadInto(Consumer<Revocation> sink) {
    return DependencyUnavailableException.whenFailing("redis", loadFrom("0", globEscaped(keyPrefix) + "*", sink));
  }

  private Future<Void> loadFrom(String cursor, String pattern, Consumer<Revocation> sink) {
    return redis.send(Request.cmd(Command.SCAN, cursor, "MATCH", pattern, "COUNT", SCAN_PAGE)).compose(page -> {
      String next = page.get(0).toString();
      List<String> keys = new ArrayList<>();
      page.get(1).forEach(key -> keys.add(key.toString()));
      Future<Void> loaded = loadKeys(keys, sink);
      return "0".equals(next) ? loaded : loaded.compose(v -> loadFrom(next, pattern, sink));
    });
  }

  private Future<Void> loadKeys(List<String> keys, Consumer<Revocation> sink) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Request> requests = new ArrayList<>(keys.size() + 1);
    requests.add(Request.cmd(Command.MGET, keys.toArray()));
    keys.forEach(key -> requests.add(Request.cmd(Command.PTTL, key)));
    long now = System.currentTimeMillis();
    return redis.batch(requests).map(replies -> {
      Response values = replies.get(0);
      for (int i = 0; i < keys.size(); i++) {
        Revocation revocation = revocation(keys.get(i), values.get(i), replies.get(i + 1).toLong(), now);
        if (revocation != null) {
          sink.accept(revocation);
        }
      }
      return null;
    });
  }

  private Revocation revocation(String key, Response value, long pttlMs, long now) {
    String rest = key.substring(keyPrefix.length());
    int colon = rest.indexOf(':');
    Kind kind = colon < 0 ? null : Kind.ofLabel(rest.substring(0, colon));
    if (kind == null || value == null || (pttlMs < 0 && pttlMs != NO_EXPIRY)) {
      return null;
    }
    long untilMs = pttlMs == NO_EXPIRY ? Long.MAX_VALUE : now + pttlMs;
    try {
      long notBefore = kind == Kind.USER ? Long.parseLong(value.toString()) : 0;
      return new Revocation(kind, rest.substring(colon + 1), untilMs, notBefore);
    } catch (NumberFormatException notOurs) {
      return null;
    }
  }

  private static String globEscaped(String literal) {
    return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
