package authsuite.session;

import authsuite.common.jwt.revocation.Revocations;
import authsuite.session.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Redis sessions: created with an id that carries their absolute deadline, read with their idle expiry
 * slid forward (and capped at that deadline) in one command, listed and revoked per user. Every store call goes
 * through the {@link StoreBreaker}. Key layout: {@code <prefix>session:<id>} holds the session JSON and expires
 * at its sliding expiry; {@code <prefix>user-sessions:{<user_id>}} indexes a user's ids; a revoked session's key
 * is kept, marked {@code revoked_at}, until its deadline, so that it reads as revoked rather than unknown.
 */
final class SessionBook {
  static final String SOURCE = "redis_session";
  private static final String REVOKED_AT = "revoked_at";

  private final SessionStore store;
  private final UserSessionIndex index;
  private final StoreBreaker breaker;
  private final SessionIds ids;
  private final Revocations revocations;
  private final SessionSettings settings;
  private final Clock clock;

  SessionBook(SessionStore store, UserSessionIndex index, StoreBreaker breaker, SessionIds ids, Revocations revocations,
              SessionSettings settings, Clock clock) {
    this.store = store;
    this.index = index;
    this.breaker = breaker;
    this.ids = ids;
    this.revocations = revocations;
    this.settings = settings;
    this.clock = clock;
  }

  record Created(String sessionId, Instant expiresAt, JsonObject session) {
    JsonObject toJson() {
      return new JsonObject().put("session_id", sessionId).put("expires_at", expiresAt.toString()).put("session", session);
    }
  }

  Future<Created> create(NewSession request) {
    Instant now = clock.instant();
    Duration idle = Objects.requireNonNullElse(request.idleTimeout(), settings.idleTimeout());
    Instant deadline = now.plus(settings.absoluteLifetime());
    if (request.notAfter() != null && request.notAfter().isBefore(deadline)) {
      deadline = request.notAfter();
    }
    SessionId id = ids.mint(deadline, idle);
    Instant expiry = id.slidingExpiry(now);
    JsonObject stored = stored(request, id, now);
    return breaker.call(() -> store.put(id.value(), stored, Duration.between(now, expiry))
            .compose(v -> index.add(request.userId(), id.value(), id.absoluteDeadline())))
        .map(v -> new Created(id.value(), expiry, answer(stored.copy(), id.value(), now, expiry)));
  }

  /** A use of the session: valid (its expiry slid forward) or one reason; 503 when the store cannot tell. */
  Future<SessionVerdict> use(String value, List<String> checks) {
    checks.add("session_id_signature");
    SessionIds.Reading reading = ids.read(value);
    if (reading.id() == null) {
      return Future.succeededFuture(SessionVerdict.invalid(reading.reason(), SOURCE, checks));
    }
    SessionId id = reading.id();
    Instant now = clock.instant();
    checks.add("absolute_lifetime");
    Instant expiry = id.slidingExpiry(now);
    if (Duration.between(now, expiry).toMillis() < 1) {
      return Future.succeededFuture(SessionVerdict.invalid(SessionVerdict.SESSION_EXPIRED, SOURCE, checks));
    }
    checks.add("revocation_list");
    if (revocations.isRevoked(null, id.value(), null, null, null)) {
      return Future.succeededFuture(SessionVerdict.invalid(SessionVerdict.REVOKED, SOURCE, checks));
    }
    checks.add("session_store");
    return breaker.call(() -> store.touchEncoded(id.value(), Duration.between(now, expiry)))
        .map(encoded -> {
          if (encoded == null) {
            return SessionVerdict.invalid(SessionVerdict.SESSION_EXPIRED, SOURCE, checks);
          }
          String text = encoded.toString();
          if (isRevoked(text)) {
            return SessionVerdict.invalid(SessionVerdict.REVOKED, SOURCE, checks);
          }
          // the stored session never holds these four, so they can be appended to its text as they are
          return SessionVerdict.validEncoded(SessionVerdict.withMembers(text, ",\"session_id\":\"" + id.value()
              + "\",\"expires_at\":\"" + expiry + "\",\"degraded\":false,\"last_seen_at\":\"" + now + "\""), SOURCE, false, checks);
        });
  }

  /** The session as it is, without using it; null when it is not a live session of ours. */
  Future<JsonObject> peek(String value) {
    SessionIds.Reading reading = ids.read(value);
    Instant now = clock.instant();
    if (reading.id() == null || !now.isBefore(reading.id().absoluteDeadline())) {
      return Future.succeededFuture(null);
    }
    return breaker.call(() -> store.get(value).compose(stored -> stored == null || isRevoked(stored)
        ? Future.succeededFuture(null)
        : store.remainingTtl(value).map(left -> answer(stored, value, null, left == null ? now : now.plus(left)))));
  }

  /** The handle that names the session in listings (its id never is shown there); see {@link SessionIds#handle}. */
  String handle(String sessionId) {
    return ids.handle(sessionId);
  }

  /**
   * The user's live sessions, oldest first as the index holds them, each by its {@code handle} and without its
   * id: an id is a bearer credential, and a listing goes to whoever holds any credential of the user.
   */
  Future<List<JsonObject>> ofUser(String userId) {
    return breaker.call(() -> index.list(userId))
        .compose(sessionIds -> {
          List<Future<JsonObject>> reads = new ArrayList<>();
          sessionIds.forEach(sessionId -> reads.add(peek(sessionId)));
          return Future.all(reads).map(all -> {
            List<JsonObject> live = new ArrayList<>();
            for (int i = 0; i < reads.size(); i++) {
              JsonObject session = all.resultAt(i);
              if (session != null) {
                live.add(listed(session));
              }
            }
            return live;
          });
        });
  }

  /** Ends one session; a JWT carrying it as {@code sid} is refused from then on too (revoke_session event). */
  Future<Boolean> revoke(String value) {
    SessionIds.Reading reading = ids.read(value);
    if (reading.id() == null) {
      return Future.succeededFuture(false);
    }
    SessionId id = reading.id();
    return breaker.call(() -> markRevoked(id)
        .compose(userId -> revocations.revokeSession(id.value(), id.absoluteDeadline()).map(userId != null)));
  }

  /**
   * Ends the user's session that {@code handle} names, as {@link #revoke} does; false when none of the user's live
   * sessions has that handle, so that a handle can end only a session of the user it was listed to.
   */
  Future<Boolean> revokeByHandle(String userId, String handle) {
    return breaker.call(() -> index.list(userId))
        .compose(sessionIds -> sessionIds.stream().filter(sessionId -> ids.handle(sessionId).equals(handle)).findFirst()
            .map(this::revoke)
            .orElse(Future.succeededFuture(false)));
  }

  /** Ends every session of the user, and every token of theirs issued until now (revoke_user event). */
  Future<Integer> revokeUser(String userId) {
    Instant now = clock.instant();
    return breaker.call(() -> index.removeAll(userId)
        .compose(sessionIds -> {
          List<Future<String>> marking = new ArrayList<>();
          for (String sessionId : sessionIds) {
            SessionIds.Reading reading = ids.read(sessionId);
            if (reading.id() != null) {
              marking.add(markRevoked(reading.id()));
            }
          }
          return Future.all(marking).map(all -> (int) all.list().stream().filter(Objects::nonNull).count());
        })
        .compose(count -> revocations.revokeUser(userId, now, now.plus(settings.absoluteLifetime())).map(count)));
  }

  boolean storeAnswering() {
    return breaker.isClosed();
  }

  /** Marks the stored session revoked until its deadline; answers its user id, or null when it was gone. */
  private Future<String> markRevoked(SessionId id) {
    Instant now = clock.instant();
    return store.get(id.value()).compose(stored -> {
      Duration left = Duration.between(now, id.absoluteDeadline());
      if (stored == null || isRevoked(stored) || left.toMillis() < 1) {
        return Future.succeededFuture(null);
      }
      String userId = stored.getString("user_id");
      // revoked_at first: the hot path finds it without decoding the session
      return store.put(id.value(), new JsonObject().put(REVOKED_AT, now.toString()).mergeIn(stored), left)
          .compose(v -> index.remove(userId, id.value()))
          .map(userId);
    });
  }

  /**
   * As {@link #isRevoked(JsonObject)}, on the stored text, decoding it only when it may be revoked: the hot path
   * reads the user id from the start of the text, where {@link #stored} always writes it.
   */
  private boolean isRevoked(String text) {
    if (text.contains("\"" + REVOKED_AT + "\"")) {
      return isRevoked(new JsonObject(text));
    }
    String userId = leadingUserId(text);
    return userId == null ? isRevoked(new JsonObject(text)) : revocations.isRevoked(null, null, null, userId, null)
        && isRevoked(new JsonObject(text));
  }

  /** The user id the text starts with, when it is a plain string without escapes; else null. */
  private static String leadingUserId(String text) {
    String start = "{\"user_id\":\"";
    int end = text.indexOf('"', start.length());
    if (!text.startsWith(start) || end < 0 || text.lastIndexOf('\\', end) >= start.length()) {
      return null;
    }
    return text.substring(start.length(), end);
  }

  /** Marked revoked here, or created before the user's "not before" (a revoke_user from any service). */
  private boolean isRevoked(JsonObject stored) {
    if (stored.containsKey(REVOKED_AT)) {
      return true;
    }
    String userId = stored.getString("user_id");
    // a null issue time counts as "before any cut-off": only a user with one needs created_at parsed
    if (!revocations.isRevoked(null, null, null, userId, null)) {
      return false;
    }
    Object created = stored.getValue("created_at");
    return revocations.isRevoked(null, null, null, userId, created instanceof String text ? Instant.parse(text) : null);
  }

  private JsonObject stored(NewSession request, SessionId id, Instant now) {
    return new JsonObject()
        .put("user_id", request.userId())
        .put("subject", request.userId())
        .put("email", request.email())
        .put("username", request.username())
        .put("roles", new JsonArray(request.roles() == null ? List.of() : List.copyOf(request.roles())))
        .put("scopes", new JsonArray())
        .put("issuer", "authsuite-session")
        .put("audience", new JsonArray())
        .put("issued_at", now.toString())
        .put("token_type", "session")
        .put("source", SOURCE)
        .put("created_at", now.toString())
        .put("absolute_expires_at", id.absoluteDeadline().toString())
        .put("idle_timeout_s", id.idleTimeout().toSeconds())
        .put("origin", request.origin());
  }

  private JsonObject listed(JsonObject session) {
    String handle = ids.handle((String) session.remove("session_id"));
    return new JsonObject().put("handle", handle).mergeIn(session);
  }

  /** The stored session as answered: the normalized identity fields, then the session's own times. */
  private static JsonObject answer(JsonObject stored, String sessionId, Instant seenAt, Instant expiresAt) {
    return stored.put("session_id", sessionId)
        .put("expires_at", expiresAt.toString())
        .put("degraded", false)
        .put("last_seen_at", seenAt == null ? null : seenAt.toString());
  }
}
