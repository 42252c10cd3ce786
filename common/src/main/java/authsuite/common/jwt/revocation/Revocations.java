package authsuite.common.jwt.revocation;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.revocation.impl.CountedRevocations;
import authsuite.common.jwt.revocation.impl.MirroredRevocations;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
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

  /** How often the mirror is reloaded even when no resubscribe was seen: the safety net for missed events. */
  Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(60);

  /**
   * Revocations in Redis under {@code <keyPrefix>revoked:} (layout in {@code RedisRevocationStore}), spread on
   * {@code events}; both clients are the caller's and stay open on {@link #close()}.
   */
  static Revocations redis(Vertx vertx, Redis redis, String keyPrefix, AuthEventChannel events) {
    return redis(vertx, redis, keyPrefix, events, DEFAULT_RESYNC_INTERVAL);
  }

  static Revocations redis(Vertx vertx, Redis redis, String keyPrefix, AuthEventChannel events,
                           Duration resyncInterval) {
    return MirroredRevocations.redis(vertx, redis, keyPrefix, events, resyncInterval);
  }

  /**
   * Revocations shared by every verticle of this Vert.x instance (through {@code events}, normally the local
   * channel, and a local map that later instances load from), as instances sharing Redis would.
   */
  static Revocations inMemory(Vertx vertx, AuthEventChannel events) {
    return MirroredRevocations.inMemory(vertx, events, DEFAULT_RESYNC_INTERVAL);
  }

  /** {@code revocations}, with what this service writes counted in {@code authsuite_revocations_total{service,kind}}. */
  static Revocations counted(Revocations revocations, MeterRegistry registry, String service) {
    return new CountedRevocations(revocations, registry, service);
  }

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

  /** Revokes every token of the user issued at or before {@code notBefore} (a whole-second iat from the start of its second); kept until {@code until}. */
  Future<Void> revokeUser(String userId, Instant notBefore, Instant until);

  /**
   * Records a revocation that arrives as an event (the coordinator's sync-auth): written to the store
   * like the methods above, so that an instance starting later still knows it, applied here, and
   * published. Answers how many subscribers received the event (-1 when the channel cannot tell);
   * fails with IllegalArgumentException for an event that carries no revocation.
   */
  Future<Long> record(AuthEvent event);

  /** Entries in the mirror by kind, and when it was last fully loaded: for /api/v1/jwt/status. */
  io.vertx.core.json.JsonObject status();

  Future<Void> close();
}
