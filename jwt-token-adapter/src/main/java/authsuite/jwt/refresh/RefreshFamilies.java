package authsuite.jwt.refresh;

import authsuite.jwt.refresh.impl.InMemoryRefreshFamilies;
import authsuite.jwt.refresh.impl.RedisRefreshFamilies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Duration;

/**
 * Refresh-token rotation state: each refresh token (by {@code jti}) may be spent once; spending
 * is one atomic step (a Lua script in Redis), so of any number of concurrent refreshes of one
 * token exactly one rotates. A repeat inside the grace window gets the successor recorded by the
 * first; a repeat after it, or any presentation of a token of a family that was revoked, is reuse.
 */
public interface RefreshFamilies {

  /** Rotation state under {@code <keyPrefix>refresh:}, on a client the caller owns. */
  static RefreshFamilies redis(Redis redis, String keyPrefix) {
    return new RedisRefreshFamilies(redis, keyPrefix);
  }

  /** Rotation state in this object: share one instance between the verticles of the JVM. */
  static RefreshFamilies inMemory() {
    return new InMemoryRefreshFamilies();
  }

  enum Outcome { ROTATED, REPLAYED_IN_GRACE, REUSED, FAMILY_REVOKED }

  /** @param successor what the first spend returns to its caller; stored for {@code grace} only, so repeats get the same one */
  record Rotation(Outcome outcome, JsonObject successor) {
  }

  /**
   * Spends {@code jti} of {@code familyId}. The candidate successor is stored only when this call
   * rotates; on REPLAYED_IN_GRACE the stored successor is returned instead of the candidate. On
   * REUSED the family is marked revoked in the store (the caller also revokes it in
   * {@link authsuite.common.jwt.revocation.Revocations} and emits the event).
   * @param spentMarkerTtl how long the spent marker must outlive the token (the token's remaining lifetime)
   */
  Future<Rotation> rotate(String familyId, String jti, JsonObject candidateSuccessor, Duration grace, Duration spentMarkerTtl);
}
