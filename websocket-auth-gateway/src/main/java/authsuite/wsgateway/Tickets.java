package authsuite.wsgateway;

import authsuite.common.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Single-use tickets for browsers, which cannot set headers on a WebSocket: a random id standing for a validated
 * token for {@link GatewaySettings#TICKET_TTL}. In Redis, redeemed with GETDEL so that exactly one redemption on
 * any instance sees it; without Redis, in this instance's memory. The token is validated again on redemption,
 * so a revocation in between still counts.
 */
final class Tickets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  /** A ticket is 32 random bytes, 43 characters: anything longer is not one of ours. */
  static final int MAX_TICKET_LENGTH = 64;

  private final Vertx vertx;
  private final Redis redis;
  private final String keyPrefix;
  private final Duration ttl;
  private final Map<String, String> local = new HashMap<>();

  Tickets(Vertx vertx, Redis redis, String keyPrefix, Duration ttl) {
    this.vertx = vertx;
    this.redis = redis;
    this.keyPrefix = keyPrefix + "ws:ticket:";
    this.ttl = ttl;
  }

  Future<String> issue(String token) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String ticket = B64.encodeToString(bytes);
    if (redis == null) {
      local.put(ticket, token);
      vertx.setTimer(ttl.toMillis(), expired -> local.remove(ticket));
      return Future.succeededFuture(ticket);
    }
    return DependencyUnavailableException.whenFailing("redis",
        redis.send(Request.cmd(Command.SET, keyPrefix + ticket, token, "PX", ttl.toMillis())).map(ticket));
  }

  /** The token the ticket stands for, or null when it is unknown, spent or expired. */
  Future<String> redeem(String ticket) {
    if (ticket == null || ticket.isEmpty() || ticket.length() > MAX_TICKET_LENGTH) {
      return Future.succeededFuture(null);
    }
    if (redis == null) {
      return Future.succeededFuture(local.remove(ticket));
    }
    return DependencyUnavailableException.whenFailing("redis",
        redis.send(Request.cmd(Command.GETDEL, keyPrefix + ticket)).map(answer -> answer == null ? null : answer.toString()));
  }
}
