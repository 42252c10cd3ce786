package authsuite.jwt.refresh.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * One {@code rotate} call's arguments, checked, with the lifetimes both implementations derive from them: the spent
 * marker must outlive the grace window, and a revoked family is remembered for at least a day so that a stolen
 * token replayed hours later is still caught.
 */
record RotationRequest(String familyId, String jti, JsonObject candidate, long graceMs, long spentTtlMs,
                       long familyRevokedTtlMs) {

  private static final long MIN_SPENT_TTL_MS = 1_000;
  private static final long MIN_FAMILY_REVOKED_TTL_MS = Duration.ofDays(1).toMillis();

  static Future<RotationRequest> of(String familyId, String jti, JsonObject candidate, Duration grace,
                                    Duration spentMarkerTtl) {
    if (familyId == null || familyId.isEmpty() || jti == null || jti.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("a refresh rotation needs a family id and a jti"));
    }
    if (candidate == null) {
      return Future.failedFuture(new IllegalArgumentException("a refresh rotation needs a candidate successor"));
    }
    if (grace == null || grace.isNegative() || spentMarkerTtl == null) {
      return Future.failedFuture(new IllegalArgumentException("grace must be >= 0 and spentMarkerTtl present"));
    }
    long graceMs = grace.toMillis();
    long spentTtlMs = Math.max(Math.max(spentMarkerTtl.toMillis(), graceMs), MIN_SPENT_TTL_MS);
    return Future.succeededFuture(new RotationRequest(familyId, jti, candidate, graceMs, spentTtlMs,
      Math.max(spentTtlMs, MIN_FAMILY_REVOKED_TTL_MS)));
  }
}
