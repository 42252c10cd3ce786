package authsuite.common.jwt.keys;

import authsuite.common.config.Redacted;
import authsuite.common.jwt.IssuerSettings;
import authsuite.common.jwt.IssuerUnavailableException;
import authsuite.common.telemetry.RequestContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IssuerKeys} over an issuer's JWKS. Reads ({@link #cached}) see an immutable {@link VerificationKeys}
 * through a volatile field; every download (start, periodic refresh, unknown kid) is a "round", at most one
 * runs at a time, always on the context that created this, and each caller gets its answer on its own context.
 */
final class JwksIssuerKeys implements IssuerKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksIssuerKeys.class);

  private final Vertx vertx;
  private final Context home;
  private final IssuerSettings issuer;
  private final JwksPolicy policy;
  private final JwksSource source;
  private final Set<JWSAlgorithm> algorithms;
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong unknownKidRefetches = new AtomicLong();
  private volatile VerificationKeys keys = VerificationKeys.NONE;
  private volatile Future<Void> lastOutcome;
  // guarded by this: callers come from any event loop, and "join or start" must be one decision
  private Future<Void> inFlight;
  private long lastAttemptNanos;
  private long refreshTimer = -1;
  private boolean closed;

  JwksIssuerKeys(Vertx vertx, WebClient client, IssuerSettings issuer, JwksPolicy policy) {
    this.vertx = vertx;
    this.home = vertx.getOrCreateContext();
    this.issuer = issuer;
    this.policy = policy;
    this.source = new JwksSource(client, issuer, policy);
    this.algorithms = VerificationKeys.algorithms(issuer.algorithms());
  }

  @Override
  public String issuer() {
    return issuer.issuer();
  }

  @Override
  public JWK cached(String kid) {
    return keys.lookup(kid);
  }

  @Override
  public Future<JWK> fetch(String kid) {
    JWK key = cached(kid);
    if (key != null) {
      return Future.succeededFuture(key);
    }
    return onCallerContext(joinOrStartRound(true)).transform(round -> answer(kid, round));
  }

  @Override
  public Future<Void> start() {
    synchronized (this) {
      if (closed || refreshTimer != -1) {
        return Future.succeededFuture();
      }
      refreshTimer = vertx.setPeriodic(policy.refreshInterval().toMillis(), id -> joinOrStartRound(false));
    }
    // an issuer that is down while we start is not our failure: its tokens get 503 until it answers
    return onCallerContext(joinOrStartRound(false)).otherwiseEmpty();
  }

  @Override
  public Future<Void> close() {
    synchronized (this) {
      closed = true;
      if (refreshTimer != -1) {
        vertx.cancelTimer(refreshTimer);
      }
    }
    return Future.succeededFuture();
  }

  /** Unauthenticated (jwt/status): every URL and error in it as {@link Redacted} shows them, since configured ones may carry credentials. */
  @Override
  public JsonObject status() {
    VerificationKeys current = keys;
    Future<Void> outcome = lastOutcome;
    URI jwksUri = source.jwksUri();
    Instant fetchedAt = current.fetchedAt();
    return new JsonObject()
        .put("issuer", Redacted.url(issuer.issuer()))
        .put("jwks_uri", Redacted.url(jwksUri))
        .put("kids", new JsonArray(current.byKid().keySet().stream().sorted().toList()))
        .put("keys", current.size())
        .put("last_success", fetchedAt == null ? null : fetchedAt.toString())
        .put("age_s", fetchedAt == null ? null : Duration.between(fetchedAt, Instant.now()).toSeconds())
        .put("fetches", new JsonObject()
            .put("attempted", attempted.get())
            .put("succeeded", succeeded.get())
            .put("failed", failed.get())
            .put("unknown_kid_refetches", unknownKidRefetches.get()))
        .put("last_error", outcome != null && outcome.failed() ? Redacted.text(outcome.cause().getMessage()) : null);
  }

  /**
   * The running round, else a new one. For an unknown kid, a round is started only when the last one began at
   * least the minimum refetch interval ago; otherwise the last round's outcome stands, so that a failed issuer
   * keeps answering "unavailable" rather than "no such key" until it has been asked again.
   */
  private Future<Void> joinOrStartRound(boolean forUnknownKid) {
    Promise<Void> round = Promise.promise();
    synchronized (this) {
      if (inFlight != null) {
        return inFlight;
      }
      if (forUnknownKid && lastOutcome != null
          && System.nanoTime() - lastAttemptNanos < policy.minRefetchInterval().toNanos()) {
        return lastOutcome;
      }
      inFlight = round.future();
      lastAttemptNanos = System.nanoTime();
    }
    attempted.incrementAndGet();
    if (forUnknownKid) {
      unknownKidRefetches.incrementAndGet();
    }
    // on the home event loop, still as the request (if any) that asked: its correlation id and trace go along
    RequestContext.forkedFromCurrent(home).runOnContext(v -> source.download()
        .map(set -> VerificationKeys.select(set, algorithms, Instant.now()))
        .onComplete(downloaded -> {
          Future<Void> outcome = settle(downloaded);
          synchronized (this) {
            lastOutcome = outcome;
            inFlight = null;
          }
          round.handle(outcome);
        }));
    return round.future();
  }

  /** A round is shared by callers from any event loop: each continues on its own, not on the one that fetched. */
  private static <T> Future<T> onCallerContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> answer = Promise.promise();
    shared.onComplete(result -> {
      if (Vertx.currentContext() == caller) {
        answer.handle(result);
      } else {
        caller.runOnContext(v -> answer.handle(result));
      }
    });
    return answer.future();
  }

  private Future<Void> settle(AsyncResult<VerificationKeys> downloaded) {
    if (downloaded.succeeded()) {
      keys = downloaded.result();
      succeeded.incrementAndGet();
      return Future.succeededFuture();
    }
    failed.incrementAndGet();
    LOG.warn("JWKS of issuer {} could not be fetched, keeping {} last-known-good keys: {}",
        Redacted.url(issuer.issuer()), keys.size(), Redacted.text(downloaded.cause().getMessage()));
    return Future.failedFuture(downloaded.cause());
  }

  private Future<JWK> answer(String kid, AsyncResult<Void> round) {
    JWK key = cached(kid);
    if (key != null || round.succeeded()) {
      return Future.succeededFuture(key);
    }
    return Future.failedFuture(new IssuerUnavailableException(issuer.issuer(), round.cause()));
  }
}
