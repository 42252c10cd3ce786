package authsuite.session.store.impl;

import authsuite.session.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

import java.time.Duration;
import java.util.Objects;

/**
 * The embedded-mode store. It lives in a Vert.x local map rather than a field so that every verticle
 * of the JVM (the five services, and several instances of one) sees the same sessions, as they would in Redis.
 */
public final class InMemorySessionStore implements SessionStore {

  static final String MAP_NAME = "authsuite.sessions";
  private static final long SWEEP_INTERVAL_MS = 30_000;
  private static final String SESSION = "session";
  private static final String EXPIRES_AT_MS = "expires_at_ms";

  private final Vertx vertx;
  private final LocalMap<String, JsonObject> sessions;
  private final long sweepTimer;

  public InMemorySessionStore(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.sessions = vertx.sharedData().getLocalMap(MAP_NAME);
    this.sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweepExpired());
  }

  @Override
  public Future<Void> put(String sessionId, JsonObject session, Duration ttl) {
    if (!SessionTtl.isValid(ttl)) {
      return SessionTtl.rejected(ttl);
    }
    sessions.put(requireId(sessionId), entry(session.copy(), ttl));
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> get(String sessionId) {
    JsonObject entry = liveEntry(sessionId);
    return Future.succeededFuture(entry == null ? null : entry.getJsonObject(SESSION));
  }

  @Override
  public Future<JsonObject> touch(String sessionId, Duration ttl) {
    if (!SessionTtl.isValid(ttl)) {
      return SessionTtl.rejected(ttl);
    }
    JsonObject touched = sessions.computeIfPresent(requireId(sessionId),
      (id, entry) -> isExpired(entry) ? null : entry(entry.getJsonObject(SESSION), ttl));
    return Future.succeededFuture(touched == null ? null : touched.getJsonObject(SESSION).copy());
  }

  @Override
  public Future<Duration> remainingTtl(String sessionId) {
    JsonObject entry = liveEntry(sessionId);
    return Future.succeededFuture(entry == null ? null : Duration.ofMillis(millisLeft(entry)));
  }

  @Override
  public Future<Boolean> delete(String sessionId) {
    JsonObject removed = sessions.remove(requireId(sessionId));
    return Future.succeededFuture(removed != null && !isExpired(removed));
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }

  private JsonObject liveEntry(String sessionId) {
    JsonObject entry = sessions.get(requireId(sessionId));
    if (entry == null || !isExpired(entry)) {
      return entry;
    }
    sessions.removeIfPresent(sessionId, entry);
    return null;
  }

  private void sweepExpired() {
    sessions.entrySet().stream()
      .filter(e -> isExpired(e.getValue()))
      .forEach(e -> sessions.removeIfPresent(e.getKey(), e.getValue()));
  }

  private static JsonObject entry(JsonObject session, Duration ttl) {
    return new JsonObject()
      .put(SESSION, session)
      .put(EXPIRES_AT_MS, System.currentTimeMillis() + ttl.toMillis());
  }

  private static long millisLeft(JsonObject entry) {
    return entry.getLong(EXPIRES_AT_MS) - System.currentTimeMillis();
  }

  private static boolean isExpired(JsonObject entry) {
    return millisLeft(entry) <= 0;
  }

  private static String requireId(String sessionId) {
    return Objects.requireNonNull(sessionId, "sessionId");
  }
}
