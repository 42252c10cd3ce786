package authsuite.common.jwt.revocation.impl;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.AuthEventSubscription;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.jwt.revocation.impl.Revocation.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Revocations answered from a {@link RevocationMirror}, written through a {@link RevocationStore} and spread as
 * auth events. The mirror is reloaded from the store at start, whenever the event channel resubscribes after a
 * drop, and every resync interval as a safety net (a start with the store down, a subscription that could not be
 * made): a store outage never fails start and never empties the mirror.
 */
public final class MirroredRevocations implements Revocations {

  private static final Logger LOG = LoggerFactory.getLogger(MirroredRevocations.class);
  private static final long SWEEP_INTERVAL_MS = 30_000;
  private static final long NO_TIMER = -1;

  private final Vertx vertx;
  private final RevocationStore store;
  private final AuthEventChannel events;
  private final long resyncIntervalMs;
  private final RevocationMirror mirror = new RevocationMirror();
  private final String origin = "revocations/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private volatile Instant loadedAt;
  private volatile AuthEventSubscription subscription;
  private final AtomicBoolean resyncRunning = new AtomicBoolean();
  private final AtomicBoolean resyncAgain = new AtomicBoolean();
  private volatile boolean closed;
  private volatile long sweepTimer = NO_TIMER;
  private volatile long resyncTimer = NO_TIMER;

  private MirroredRevocations(Vertx vertx, RevocationStore store, AuthEventChannel events, Duration resyncInterval) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = store;
    this.events = Objects.requireNonNull(events, "events");
    this.resyncIntervalMs = Math.max(1, resyncInterval.toMillis());
  }

  public static Revocations redis(Vertx vertx, Redis redis, String keyPrefix, AuthEventChannel events,
                                  Duration resyncInterval) {
    RevocationStore store = new RedisRevocationStore(Objects.requireNonNull(redis, "redis"),
      Objects.requireNonNull(keyPrefix, "keyPrefix"));
    return new MirroredRevocations(vertx, store, events, resyncInterval);
  }

  public static Revocations inMemory(Vertx vertx, AuthEventChannel events, Duration resyncInterval) {
    return new MirroredRevocations(vertx, new LocalRevocationStore(vertx), events, resyncInterval);
  }

  @Override
  public Future<Void> start() {
    sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> mirror.sweep());
    resyncTimer = vertx.setPeriodic(resyncIntervalMs, id -> resync());
    return resync();
  }

  @Override
  public boolean isRevoked(String jti, String sessionId, String familyId, String userId, Instant issuedAt) {
    return mirror.isRevoked(jti, sessionId, familyId, userId, issuedAt);
  }

  @Override
  public Future<Void> revokeToken(String jti, Instant expiresAt) {
    return revoke(Kind.TOKEN, jti, expiresAt, Instant.EPOCH);
  }

  @Override
  public Future<Void> revokeSession(String sessionId, Instant until) {
    return revoke(Kind.SESSION, sessionId, until, Instant.EPOCH);
  }

  @Override
  public Future<Void> revokeFamily(String familyId, Instant until) {
    return revoke(Kind.FAMILY, familyId, until, Instant.EPOCH);
  }

  @Override
  public Future<Void> revokeUser(String userId, Instant notBefore, Instant until) {
    if (notBefore == null) {
      return Future.failedFuture(new IllegalArgumentException("revoking a user needs a not-before time"));
    }
    return revoke(Kind.USER, userId, until, notBefore);
  }

  @Override
  public Future<Long> record(AuthEvent event) {
    Revocation revocation = RevocationEvents.fromEvent(event);
    if (revocation == null) {
      return Future.failedFuture(new IllegalArgumentException("the event '" + event.type() + "' carries no revocation"));
    }
    return write(revocation, event).map(receivers -> receivers);
  }

  @Override
  public JsonObject status() {
    Instant loaded = loadedAt;
    return new JsonObject()
      .put("entries", mirror.counts())
      .put("loaded_at", loaded == null ? null : loaded.toString())
      .put("subscribed", subscription != null);
  }

  @Override
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(resyncTimer);
    AuthEventSubscription current = subscription;
    subscription = null;
    return current == null ? Future.succeededFuture() : current.cancel();
  }

  private Future<Void> revoke(Kind kind, String id, Instant until, Instant notBefore) {
    if (id == null || id.isEmpty() || until == null) {
      return Future.failedFuture(new IllegalArgumentException("a revocation needs an id and an until time"));
    }
    if (!until.isAfter(Instant.now())) {
      return Future.succeededFuture();
    }
    Revocation revocation = new Revocation(kind, id, until.toEpochMilli(), notBefore.toEpochMilli());
    return write(revocation, RevocationEvents.toEvent(revocation, origin)).mapEmpty();
  }

  private Future<Long> write(Revocation revocation, AuthEvent event) {
    return store.write(revocation)
      .compose(written -> {
        mirror.apply(revocation);
        return events.publishCounted(event);
      });
  }

  /**
   * Subscribes first, so that what is revoked while the store is read arrives as an event rather than be missed.
   * One resync at a time; one asked for meanwhile (a resubscribe during a periodic one) runs right after it.
   */
  private Future<Void> resync() {
    if (!resyncRunning.compareAndSet(false, true)) {
      resyncAgain.set(true);
      return Future.succeededFuture();
    }
    return subscribeIfNeeded()
      .compose(v -> store.loadInto(mirror::apply))
      .onSuccess(v -> loadedAt = Instant.now())
      .onFailure(e -> LOG.warn("could not load revocations ({}); answering from the mirror, retrying in {} ms",
        e.getMessage(), resyncIntervalMs))
      .otherwiseEmpty()
      .compose(v -> {
        resyncRunning.set(false);
        return resyncAgain.getAndSet(false) && !closed ? resync() : Future.succeededFuture();
      });
  }

  private Future<Void> subscribeIfNeeded() {
    if (subscription != null || closed) {
      return Future.succeededFuture();
    }
    return events.subscribe(this::onEvent, resubscribed -> resync())
      .onSuccess(subscribed -> {
        subscription = subscribed;
        if (closed) {
          close();
        }
      })
      .<Void>mapEmpty()
      .recover(notSubscribed -> {
        LOG.warn("revocations are not receiving events yet ({}); retrying in {} ms", notSubscribed.getMessage(),
          resyncIntervalMs);
        return Future.succeededFuture();
      });
  }

  /** One line per revocation heard, by kind (never the id: a session id is a credential), with the cause's correlation id. */
  private void onEvent(AuthEvent event) {
    Revocation revocation = RevocationEvents.fromEvent(event);
    if (revocation != null) {
      mirror.apply(revocation);
      LOG.info("revocation applied", kv("kind", revocation.kind().label), kv("instance", origin), kv("from", event.origin()));
    }
  }
}
