package authsuite.common.jwt.revocation;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * What has been revoked, mirrored in memory so that validation never waits on Redis: by token
 * ({@code jti}), by session, by refresh family (until each entry's own expiry), and by user as a
 * "not before" time (every token of that user issued earlier is revoked: one key per user, not
 * one per token). Every change is written to the store, applied to this instance's mirror at
 * once, and published as an auth event so every other instance's mirror follows within
 * milliseconds; the mirror is fully reloaded at start and whenever the event subscription is
 * re-established (events may have been missed while it was down).
 */
public interface Revocations {
  /** Loads the mirror and subscribes; the instance answers only from the mirror afterwards. */
  Future<Void> start();

  /**
   * Synchronous, in memory, no I/O. Any argument may be null (not present in the token).
   * @param issuedAt the token's {@code iat}; null counts as "issued before any not-before"
   */
  boolean isRevoked(String jti, String sessionId, String familyId, String userId, Instant issuedAt);

  Future<Void> revokeToken(String jti, Instant expiresAt);

  Future<Void> revokeSession(String sessionId, Instant until);

  Future<Void> revokeFamily(String familyId, Instant until);

  /** Revokes every token of the user issued before {@code notBefore}; kept until {@code until}. */
  Future<Void> revokeUser(String userId, Instant notBefore, Instant until);

  /** Entries in the mirror by kind, and when it was last fully loaded: for /api/v1/jwt/status. */
  io.vertx.core.json.JsonObject status();

  Future<Void> close();
}
