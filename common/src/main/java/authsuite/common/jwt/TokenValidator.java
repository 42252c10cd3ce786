package authsuite.common.jwt;

import authsuite.common.jwt.keys.IssuerKeys;
import authsuite.common.jwt.keys.SuiteKeys;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.telemetry.TraceAttributes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every validation rule of the adapter's contract (its OpenAPI document and docs/threat-model.md), as a
 * flat list of guard clauses that each name a reason.
 * Signature and static checks run once per token (then {@link VerifiedTokens} remembers them);
 * expiry, revocation, audience and roles run on every call. Only an external issuer's unknown
 * kid can make a validation wait (one rate-limited JWKS fetch); nothing else does I/O.
 */
public final class TokenValidator {
  /** Compared by identity: a distinct instance no parsed claim can be. */
  @SuppressWarnings("removal")
  private static final Long NOT_A_NUMBER = new Long(Long.MIN_VALUE);

  private final JwtSettings settings;
  private final TrustPolicy primary;
  private final TrustPolicy suite;
  private final TrustPolicy emergency;
  private final Map<String, TrustPolicy> external;
  private final Revocations revocations;
  private final VerifiedTokens verified;
  private final Clock clock;
  private final OutcomeCounters counters;

  /** A validator whose counters are its own (benchmarks, unit tests): no service's {@code /metrics} shows them. */
  public TokenValidator(JwtSettings settings, PrimarySecrets secrets, SuiteKeys suiteKeys, List<IssuerKeys> issuerKeys,
                        Revocations revocations, VerifiedTokens verified, Clock clock) {
    this(settings, secrets, suiteKeys, issuerKeys, revocations, verified, clock, new SimpleMeterRegistry(), "none");
  }

  /** @param service the {@code service} label of its {@code authsuite_token_validations_total} counters in {@code metrics} */
  public TokenValidator(JwtSettings settings, PrimarySecrets secrets, SuiteKeys suiteKeys, List<IssuerKeys> issuerKeys,
                        Revocations revocations, VerifiedTokens verified, Clock clock, MeterRegistry metrics, String service) {
    this.counters = new OutcomeCounters(metrics, service);
    this.settings = settings;
    this.primary = TrustPolicy.primary(settings, secrets);
    this.suite = TrustPolicy.suite(settings, suiteKeys);
    this.emergency = settings.emergencySigningKey() == null ? null
        : TrustPolicy.emergency(settings, new PrimarySecrets(settings.emergencySigningKey(), null));
    Map<String, IssuerSettings> byIssuer = settings.issuers().stream()
        .collect(Collectors.toMap(IssuerSettings::issuer, Function.identity(), (a, b) -> a));
    this.external = issuerKeys.stream().collect(Collectors.toUnmodifiableMap(IssuerKeys::issuer,
        keys -> TrustPolicy.external(byIssuer.get(keys.issuer()), keys)));
    this.revocations = revocations;
    this.verified = verified;
    this.clock = clock;
  }

  /** {@link #validate(String, TokenUse, String, List)} without an audience or roles to require. */
  public Future<TokenCheck> validate(String token, TokenUse use) {
    return validate(token, use, null, null);
  }

  /**
   * @param use what the caller accepts the token for: a valid token of another type is {@link TokenCheck#WRONG_TOKEN_TYPE}
   * @param audience when given, the token's {@code aud} must contain it
   * @param requiredRoles every one must be among the identity's roles
   * @return a valid or invalid check; fails only when the answer cannot be known (issuer unavailable)
   */
  public Future<TokenCheck> validate(String token, TokenUse use, String audience, List<String> requiredRoles) {
    if (token == null || token.isEmpty() || token.length() > JwtSettings.MAX_TOKEN_BYTES) {
      return counted(TokenCheck.invalid(TokenCheck.MALFORMED));
    }
    Object cacheKey = VerifiedTokens.keyOf(token);
    VerifiedTokens.Entry known = verified.get(cacheKey);
    if (known != null) {
      return counted(checkOnEveryUse(known, use, audience, requiredRoles));
    }
    CompactJws jws = CompactJws.parse(token);
    if (jws == null) {
      return counted(TokenCheck.invalid(TokenCheck.MALFORMED));
    }
    String algorithm = jws.algorithm();
    if (algorithm == null) {
      return counted(TokenCheck.invalid(TokenCheck.MALFORMED));
    }
    if ("none".equalsIgnoreCase(algorithm)) {
      return counted(TokenCheck.invalid(TokenCheck.ALG_NOT_ALLOWED));
    }
    if (jws.header().containsKey("crit")) {
      // we understand no critical extension, so any listed one must be refused (RFC 7515 4.1.11)
      return counted(TokenCheck.invalid(TokenCheck.MALFORMED));
    }
    Object issuer = jws.payload().getValue("iss");
    if (issuer != null && !(issuer instanceof String)) {
      return counted(TokenCheck.invalid(TokenCheck.MALFORMED));
    }
    TrustPolicy policy = policyFor((String) issuer);
    if (policy == null) {
      return counted(TokenCheck.invalid(TokenCheck.UNKNOWN_ISSUER));
    }
    if (!policy.allows(algorithm)) {
      return counted(TokenCheck.invalid(TokenCheck.ALG_NOT_ALLOWED));
    }
    return policy.verify(jws).compose(failure -> {
      if (failure != null) {
        return counted(TokenCheck.invalid(failure));
      }
      return counted(acceptSigned(cacheKey, jws, policy, use, audience, requiredRoles));
    }, unavailable -> {
      counters.count(OutcomeCounters.ISSUER_UNAVAILABLE);
      TraceAttributes.set(TraceAttributes.TOKEN_OUTCOME, "unknown");
      TraceAttributes.set(TraceAttributes.TOKEN_REASON, OutcomeCounters.ISSUER_UNAVAILABLE);
      return Future.failedFuture(unavailable);
    });
  }

  private TrustPolicy policyFor(String issuer) {
    if (issuer == null || issuer.equals(settings.primaryIssuer())) {
      return primary;
    }
    if (issuer.equals(settings.suiteIssuer())) {
      return suite;
    }
    if (issuer.equals(settings.emergencyIssuer())) {
      return emergency;
    }
    return external.get(issuer);
  }

  private TokenCheck acceptSigned(Object cacheKey, CompactJws jws, TrustPolicy policy, TokenUse use, String audience,
                                  List<String> requiredRoles) {
    JsonObject claims = jws.payload();
    Long expiresAt = seconds(claims, "exp");
    Long notBefore = seconds(claims, "nbf");
    Long issuedAt = seconds(claims, "iat");
    if (expiresAt == null || expiresAt == NOT_A_NUMBER || notBefore == NOT_A_NUMBER || issuedAt == NOT_A_NUMBER) {
      return TokenCheck.invalid(TokenCheck.MALFORMED);
    }
    if (!policy.audienceAccepted(claims.getValue("aud"))) {
      return TokenCheck.invalid(TokenCheck.AUDIENCE_MISMATCH);
    }
    if (policy == emergency && !emergencyShaped(claims, expiresAt, issuedAt)) {
      return TokenCheck.invalid(TokenCheck.MALFORMED);
    }
    Identity identity = policy.mapping().identity(claims, policy.issuerName(claims), policy.source());
    if (identity == null) {
      return TokenCheck.invalid(TokenCheck.MALFORMED);
    }
    Object jti = claims.getValue("jti");
    Lineage lineage = Lineage.of(claims, identity.issuedAt());
    if ((jti != null && !(jti instanceof String text && !text.isEmpty())) || lineage == null) {
      return TokenCheck.invalid(TokenCheck.MALFORMED);
    }
    String tokenId = jti != null ? (String) jti : "sha256:" + jws.fingerprint();
    TokenCheck valid = TokenCheck.valid(identity, (String) jti, tokenId, lineage);
    // the claims are not kept: what every use checks is in the identity, the lineage and these instants
    VerifiedTokens.Entry entry = new VerifiedTokens.Entry(valid, notBefore == null ? 0 : notBefore, expiresAt,
        issuedAt == null ? 0 : issuedAt, policy.leeway().toSeconds(), policy.keyPresence(jws.keyId()));
    TokenCheck check = checkOnEveryUse(entry, use, audience, requiredRoles);
    if (!TokenCheck.TOKEN_EXPIRED.equals(check.reason())) {
      verified.put(cacheKey, entry);
    }
    return check;
  }

  private TokenCheck checkOnEveryUse(VerifiedTokens.Entry entry, TokenUse use, String audience, List<String> requiredRoles) {
    long now = clock.instant().getEpochSecond();
    long leeway = entry.leewaySeconds();
    if (entry.expiresAt() + leeway < now) {
      return TokenCheck.invalid(TokenCheck.TOKEN_EXPIRED);
    }
    if (entry.notBefore() - leeway > now || entry.issuedAt() - leeway > now) {
      return TokenCheck.invalid(TokenCheck.NOT_YET_VALID);
    }
    TokenCheck valid = entry.check();
    Identity identity = valid.identity();
    if (revoked(valid)) {
      return TokenCheck.invalid(TokenCheck.REVOKED);
    }
    if (!use.accepts(identity)) {
      return TokenCheck.invalid(TokenCheck.WRONG_TOKEN_TYPE);
    }
    if (audience != null && !identity.audience().contains(audience)) {
      return TokenCheck.invalid(TokenCheck.AUDIENCE_MISMATCH);
    }
    if (requiredRoles != null && !identity.roles().containsAll(requiredRoles)) {
      return TokenCheck.invalid(TokenCheck.MISSING_ROLE);
    }
    return valid;
  }

  /**
   * Revoked itself, or through its lineage: a revoked ancestor or family, or a user's "not before" later than
   * the earliest iat along the way (docs/threat-model.md, "derived tokens carry their lineage"). Mirror reads only.
   */
  private boolean revoked(TokenCheck valid) {
    Identity identity = valid.identity();
    Lineage lineage = valid.lineage();
    String jti = valid.tokenId();
    if (revocations.isRevoked(jti, identity.sessionId(), lineage.familyId(), identity.userId(), lineage.earliestIssuedAt())) {
      return true;
    }
    for (String ancestor : lineage.ancestors()) {
      if (revocations.isRevoked(ancestor, null, null, null, null)) {
        return true;
      }
    }
    return false;
  }

  /** Signed with the emergency key, yet not an emergency token of at most 15 minutes: refused rather than trusted longer. */
  private static boolean emergencyShaped(JsonObject claims, Long expiresAt, Long issuedAt) {
    return "emergency".equals(claims.getValue("token_type")) && issuedAt != null
        && expiresAt - issuedAt <= JwtSettings.MAX_EMERGENCY_TTL.toSeconds();
  }

  /**
   * The claim as epoch seconds; null when absent, {@link #NOT_A_NUMBER} when present but not a NumericDate
   * (docs/robustness.md, "numeric claims").
   */
  private static Long seconds(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) {
      return null;
    }
    Long seconds = NumericDate.seconds(value);
    return seconds == null ? NOT_A_NUMBER : seconds;
  }

  private Future<TokenCheck> counted(TokenCheck check) {
    counters.count(check.isValid() ? OutcomeCounters.VALID : check.reason());
    // on the span of the request asking (a no-op with tracing off); the reason is the contract's code, never the token
    TraceAttributes.set(TraceAttributes.TOKEN_OUTCOME, check.isValid() ? "valid" : "invalid");
    TraceAttributes.set(TraceAttributes.TOKEN_REASON, check.reason());
    return Future.succeededFuture(check);
  }

  /** Algorithms, key ids, issuers with their JWKS state, and counters by outcome: for /api/v1/jwt/status. */
  public JsonObject status() {
    JsonArray issuers = new JsonArray();
    external.values().forEach(policy -> issuers.add(policy.status()));
    return new JsonObject()
        .put("primary", primary.status())
        .put("suite", suite.status())
        .put("emergency", emergency == null ? null : emergency.status())
        .put("issuers", issuers)
        .put("verified_cache_entries", verified.size())
        .put("outcomes", counters.toJson());
  }

  public Instant now() {
    return clock.instant();
  }
}
