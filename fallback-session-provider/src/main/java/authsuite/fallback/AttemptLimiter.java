package authsuite.fallback;

import authsuite.common.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sign-in attempts per account and per client address, in fixed one-minute windows. The account is
 * the one the identifier resolved to, so that a username and an email of one user share one count; an
 * identifier that names no account is counted by its normalised text, so that unknown names are limited
 * alike (docs/threat-model.md, "limits per account"). Every attempt
 * counts, and it is counted before its password is checked: counting first is what makes the limit
 * hold under concurrent guesses (no check-then-increment race), and it spares bcrypt's CPU for
 * requests that will be refused anyway. Held in Redis (one atomic script per key, shared by every
 * instance) while Redis answers; in this instance's memory while it does not.
 */
final class AttemptLimiter {
  static final long WINDOW_MS = 60_000;
  private static final long REDIS_TIMEOUT_MS = 500;
  /** INCR, and start the window with the first attempt; a key that lost its expiry gets one back. */
  private static final RedisScript COUNT = new RedisScript("""
      local n = redis.call('INCR', KEYS[1])
      local ttl = redis.call('PTTL', KEYS[1])
      if ttl < 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        ttl = tonumber(ARGV[1])
      end
      return {n, ttl}
      """);

  /** Whether the attempt may go on and, when not, how many seconds until it may. */
  record Verdict(boolean allowed, String limitedBy, long retryAfterSeconds) {
  }

  private record Window(long startedAt, int count) {
  }

  private final Optional<Redis> redis;
  private final String prefix;
  private final int perUser;
  private final int perAddress;
  private final Map<String, Window> local = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long sweeper;

  AttemptLimiter(Vertx vertx, Optional<Redis> redis, String keyPrefix, int perUser, int perAddress) {
    this.redis = redis;
    this.prefix = keyPrefix + "fallback:attempts:";
    this.perUser = perUser;
    this.perAddress = perAddress;
    this.vertx = vertx;
    this.sweeper = vertx.setPeriodic(WINDOW_MS, tick -> sweep());
  }

  void close() {
    vertx.cancelTimer(sweeper);
  }

  /**
   * Counts one attempt for the account and the address; limited when either is over its limit.
   *
   * @param account    the account the identifier resolved to, or null when it names none
   * @param identifier the username or email as sent, counted in place of an account that does not exist
   */
  Future<Verdict> attempt(Account account, String identifier, String address) {
    String accountKey = prefix + (account != null ? "account:" + digest(account.userId()) : "name:" + digest(normalised(identifier)));
    String addressKey = prefix + "addr:" + address;
    Future<long[]> user = count(accountKey);
    Future<long[]> byAddress = count(addressKey);
    return Future.all(user, byAddress).map(both -> {
      if (user.result()[0] > perUser) {
        return new Verdict(false, "account", seconds(user.result()[1]));
      }
      if (byAddress.result()[0] > perAddress) {
        return new Verdict(false, "address", seconds(byAddress.result()[1]));
      }
      return new Verdict(true, null, 0);
    });
  }

  /** [count, remaining ms of the window]. */
  private Future<long[]> count(String key) {
    if (redis.isEmpty()) {
      return Future.succeededFuture(countLocally(key));
    }
    return COUNT.run(redis.get(), List.of(key), List.of(WINDOW_MS))
        .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(reply -> new long[] {reply.get(0).toLong(), reply.get(1).toLong()})
        .otherwise(down -> countLocally(key));
  }

  private long[] countLocally(String key) {
    long now = System.currentTimeMillis();
    Window window = local.compute(key, (k, current) -> current == null || now - current.startedAt() >= WINDOW_MS
        ? new Window(now, 1) : new Window(current.startedAt(), current.count() + 1));
    return new long[] {window.count(), WINDOW_MS - (now - window.startedAt())};
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    local.values().removeIf(window -> now - window.startedAt() >= WINDOW_MS);
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }

  /** One spelling for the ways a name is typed: Unicode compatibility forms, case, surrounding spaces. */
  static String normalised(String identifier) {
    return Normalizer.normalize(identifier, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
  }

  /** Identifiers are client input: hashed, they make keys of a fixed shape and leak no name into Redis. */
  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
