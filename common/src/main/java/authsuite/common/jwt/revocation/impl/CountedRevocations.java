package authsuite.common.jwt.revocation.impl;

import authsuite.common.events.AuthEvent;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.jwt.revocation.impl.Revocation.Kind;
import authsuite.common.metrics.SuiteMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Revocations written by this service, counted by kind once written ({@code authsuite_revocations_total{service,kind}},
 * kind {@code token}, {@code session}, {@code family} or {@code user}). A revocation another instance wrote and this
 * one only mirrored is not counted here: each is counted once, by the service that made it.
 */
public final class CountedRevocations implements Revocations {
  private final Revocations inner;
  private final Map<Kind, Counter> byKind;

  public CountedRevocations(Revocations inner, MeterRegistry registry, String service) {
    this.inner = inner;
    this.byKind = Arrays.stream(Kind.values()).collect(Collectors.toUnmodifiableMap(Function.identity(), kind -> Counter
        .builder("authsuite_revocations")
        .description("revocations written, by kind")
        .tags(SuiteMeters.SERVICE, service, "kind", kind == Kind.TOKEN ? "token" : kind.label)
        .register(registry)));
  }

  @Override
  public Future<Void> start() {
    return inner.start();
  }

  @Override
  public boolean isRevoked(String jti, String sessionId, String familyId, String userId, Instant issuedAt) {
    return inner.isRevoked(jti, sessionId, familyId, userId, issuedAt);
  }

  @Override
  public Future<Void> revokeToken(String jti, Instant expiresAt) {
    return counted(Kind.TOKEN, inner.revokeToken(jti, expiresAt));
  }

  @Override
  public Future<Void> revokeSession(String sessionId, Instant until) {
    return counted(Kind.SESSION, inner.revokeSession(sessionId, until));
  }

  @Override
  public Future<Void> revokeFamily(String familyId, Instant until) {
    return counted(Kind.FAMILY, inner.revokeFamily(familyId, until));
  }

  @Override
  public Future<Void> revokeUser(String userId, Instant notBefore, Instant until) {
    return counted(Kind.USER, inner.revokeUser(userId, notBefore, until));
  }

  @Override
  public Future<Long> record(AuthEvent event) {
    Kind kind = Kind.ofEventType(event.type());
    return kind == null ? inner.record(event) : counted(kind, inner.record(event));
  }

  @Override
  public JsonObject status() {
    return inner.status();
  }

  @Override
  public Future<Void> close() {
    return inner.close();
  }

  private <T> Future<T> counted(Kind kind, Future<T> written) {
    return written.onSuccess(done -> byKind.get(kind).increment());
  }
}
