package authsuite.jwt.refresh.impl;

import authsuite.jwt.refresh.RefreshFamilies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The embedded-mode twin of {@link RedisRefreshFamilies}: the same steps, made atomic by one lock instead of Lua. */
public final class InMemoryRefreshFamilies implements RefreshFamilies {

  private static final long SWEEP_EVERY_MS = 30_000;

  private record Spend(long spentAtMs, long expiresAtMs, JsonObject successor, long successorExpiresAtMs) {
  }

  // guarded by this
  private final Map<String, Long> revokedFamilies = new HashMap<>();
  private final Map<String, Spend> spends = new HashMap<>();
  private long lastSweepMs = System.currentTimeMillis();

  @Override
  public Future<Rotation> rotate(String familyId, String jti, JsonObject candidateSuccessor, Duration grace,
                                 Duration spentMarkerTtl) {
    return RotationRequest.of(familyId, jti, candidateSuccessor, grace, spentMarkerTtl).map(this::spend);
  }

  private synchronized Rotation spend(RotationRequest request) {
    long now = System.currentTimeMillis();
    sweepIfDue(now);
    String spendKey = request.familyId() + '\n' + request.jti();
    Spend spent = spends.get(spendKey);
    if (spent != null && spent.expiresAtMs() <= now) {
      spent = null;
    }
    Long revokedUntil = revokedFamilies.get(request.familyId());
    if (revokedUntil != null && revokedUntil > now) {
      return new Rotation(spent == null ? Outcome.FAMILY_REVOKED : Outcome.REUSED, null);
    }
    if (spent == null) {
      JsonObject stored = request.graceMs() > 0 ? request.candidate().copy() : null;
      spends.put(spendKey, new Spend(now, now + request.spentTtlMs(), stored, now + request.graceMs()));
      return new Rotation(Outcome.ROTATED, request.candidate());
    }
    if (request.graceMs() > 0 && spent.successor() != null && now - spent.spentAtMs() <= request.graceMs()
      && spent.successorExpiresAtMs() > now) {
      return new Rotation(Outcome.REPLAYED_IN_GRACE, spent.successor().copy());
    }
    revokedFamilies.put(request.familyId(), now + request.familyRevokedTtlMs());
    return new Rotation(Outcome.REUSED, null);
  }

  private void sweepIfDue(long now) {
    if (now - lastSweepMs < SWEEP_EVERY_MS) {
      return;
    }
    lastSweepMs = now;
    spends.values().removeIf(spend -> spend.expiresAtMs() <= now);
    revokedFamilies.values().removeIf(until -> until <= now);
  }
}
