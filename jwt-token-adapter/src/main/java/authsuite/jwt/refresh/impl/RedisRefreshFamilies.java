package authsuite.jwt.refresh.impl;

import authsuite.jwt.refresh.RefreshFamilies;
import authsuite.common.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Rotation as one Lua script, so that of any number of concurrent spends of a token exactly one rotates.
 * Keys, all hash-tagged by family so that the script's keys share a cluster slot:
 * <ul>
 *   <li>{@code <prefix>refresh:family:{<family>}}: {@code "revoked"} once reuse was detected;</li>
 *   <li>{@code <prefix>refresh:spent:{<family>}:<jti>}: the spend time (Redis clock, ms), for the token's lifetime;</li>
 *   <li>{@code <prefix>refresh:successor:{<family>}:<jti>}: the successor handed out, for the grace window only.
 *       It holds tokens: never logged.</li>
 * </ul>
 * "Now" is Redis {@code TIME}, never the client's clock, so instances with skewed clocks agree on the grace window.
 * A spent token presented to a revoked family is still REUSED (not FAMILY_REVOKED): whoever holds it replayed a
 * token, and the caller must treat every such presentation alike.
 */
public final class RedisRefreshFamilies implements RefreshFamilies {

  private static final RedisScript ROTATE = new RedisScript("""
    local spentAt = tonumber(redis.call('GET', KEYS[2]))
    if redis.call('GET', KEYS[1]) == 'revoked' then
      if spentAt then
        return {'REUSED'}
      end
      return {'FAMILY_REVOKED'}
    end
    local time = redis.call('TIME')
    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    local grace = tonumber(ARGV[2])
    if not spentAt then
      redis.call('SET', KEYS[2], string.format('%.0f', now), 'PX', ARGV[3])
      if grace > 0 then
        redis.call('SET', KEYS[3], ARGV[1], 'PX', grace)
      end
      return {'ROTATED'}
    end
    if grace > 0 and now - spentAt <= grace then
      local successor = redis.call('GET', KEYS[3])
      if successor then
        return {'REPLAYED_IN_GRACE', successor}
      end
    end
    redis.call('SET', KEYS[1], 'revoked', 'PX', ARGV[4])
    return {'REUSED'}
    """);

  private final Redis redis;
  private final String keyPrefix;

  public RedisRefreshFamilies(Redis redis, String keyPrefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + "refresh:";
  }

  @Override
  public Future<Rotation> rotate(String familyId, String jti, JsonObject candidateSuccessor, Duration grace,
                                 Duration spentMarkerTtl) {
    return RotationRequest.of(familyId, jti, candidateSuccessor, grace, spentMarkerTtl).compose(request -> {
      String tag = "{" + request.familyId() + "}";
      List<String> keys = List.of(keyPrefix + "family:" + tag, keyPrefix + "spent:" + tag + ":" + request.jti(),
        keyPrefix + "successor:" + tag + ":" + request.jti());
      List<Object> args = List.of(request.candidate().encode(), request.graceMs(), request.spentTtlMs(),
        request.familyRevokedTtlMs());
      return ROTATE.run(redis, keys, args).map(reply -> toRotation(reply, request.candidate()));
    });
  }

  private static Rotation toRotation(Response reply, JsonObject candidate) {
    Outcome outcome = Outcome.valueOf(reply.get(0).toString());
    return switch (outcome) {
      case ROTATED -> new Rotation(outcome, candidate);
      case REPLAYED_IN_GRACE -> new Rotation(outcome, new JsonObject(reply.get(1).toBuffer()));
      case REUSED, FAMILY_REVOKED -> new Rotation(outcome, null);
    };
  }
}
