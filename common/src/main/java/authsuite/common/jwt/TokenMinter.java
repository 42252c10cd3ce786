package authsuite.common.jwt;

import authsuite.common.jwt.keys.SuiteKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The suite's own tokens, signed with the current {@link SuiteKeys} key under the suite issuer:
 * access tokens carrying the normalized claims, and refresh tokens that belong to a family.
 * Signing is RSA arithmetic (~1-2 ms a token), so it runs on a worker thread, never the event loop.
 */
public final class TokenMinter {
  public static final String ACCESS = "access";
  public static final String REFRESH = "refresh";
  public static final String EMERGENCY = "emergency";
  private static final String HS256_HEADER = Base64.getUrlEncoder().withoutPadding()
      .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  /** An RFC 6749 token response. */
  public record TokenPair(String accessToken, String refreshToken, long expiresIn) {
    public JsonObject toJson() {
      return new JsonObject().put("access_token", accessToken).put("refresh_token", refreshToken)
          .put("token_type", "Bearer").put("expires_in", expiresIn);
    }

    public static TokenPair fromJson(JsonObject json) {
      return new TokenPair(json.getString("access_token"), json.getString("refresh_token"), json.getLong("expires_in"));
    }
  }

  /** An emergency token with what an audit record needs to name it. */
  public record EmergencyToken(String token, String jti, Instant expiresAt, long expiresIn) {
  }

  private final Vertx vertx;
  private final JwtSettings settings;
  private final SuiteKeys keys;
  private final PrimarySecrets emergencyKey;
  private final Clock clock;

  public TokenMinter(Vertx vertx, JwtSettings settings, SuiteKeys keys, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.keys = keys;
    this.emergencyKey = settings.emergencySigningKey() == null ? null : new PrimarySecrets(settings.emergencySigningKey(), null);
    this.clock = clock;
  }

  public Future<TokenPair> pair(Identity identity, String familyId) {
    Instant now = clock.instant();
    JsonObject access = claims(identity, ACCESS, now, now.plus(settings.accessTokenTtl())).put(Lineage.FAMILY, familyId);
    JsonObject refresh = claims(identity, REFRESH, now, now.plus(settings.refreshTokenTtl())).put(Lineage.FAMILY, familyId);
    return vertx.executeBlocking(() -> new TokenPair(sign(access), sign(refresh), settings.accessTokenTtl().toSeconds()), false);
  }

  /**
   * An access token for an identity proven elsewhere, living no longer than {@code notAfter}.
   * @param lineage the source token's {@link TokenCheck#descendantLineage()}, so that revoking the source revokes this one
   */
  public Future<String> access(Identity identity, Instant notAfter, Lineage lineage) {
    Instant now = clock.instant();
    Instant expires = now.plus(settings.accessTokenTtl());
    JsonObject claims = lineage.writeInto(claims(identity, ACCESS, now, expires.isAfter(notAfter) ? notAfter : expires));
    return vertx.executeBlocking(() -> sign(claims), false);
  }

  /**
   * An emergency token (HS256 with {@code EMERGENCY_SIGNING_KEY}, {@code token_type: emergency}) for
   * an identity the fallback provider proved; its roles and scopes are the caller's reduced set,
   * and it lives {@code EMERGENCY_TOKEN_TTL_S} (15 minutes at most), never past {@code notAfter}.
   * @param lineage {@link Lineage#NONE} for a password sign-in; the source token's {@link TokenCheck#descendantLineage()}
   *                when made from a token, so that revoking the source (or its family) revokes this one
   */
  public EmergencyToken emergency(Identity identity, Instant notAfter, Lineage lineage) {
    if (emergencyKey == null) {
      throw new IllegalStateException("EMERGENCY_SIGNING_KEY is not configured");
    }
    Instant now = clock.instant();
    Duration ttl = settings.emergencyTokenTtl().compareTo(JwtSettings.MAX_EMERGENCY_TTL) > 0
        ? JwtSettings.MAX_EMERGENCY_TTL : settings.emergencyTokenTtl();
    Instant expires = now.plus(ttl);
    if (notAfter != null && notAfter.isBefore(expires)) {
      expires = notAfter;
    }
    JsonObject claims = lineage.writeInto(claims(identity, EMERGENCY, now, expires).put("iss", settings.emergencyIssuer()));
    String signingInput = HS256_HEADER + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    String signature = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(emergencyKey.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    return new EmergencyToken(signingInput + "." + signature, claims.getString("jti"), expires,
        Math.max(0, expires.getEpochSecond() - now.getEpochSecond()));
  }

  public Duration accessTokenTtl() {
    return settings.accessTokenTtl();
  }

  private JsonObject claims(Identity identity, String type, Instant issuedAt, Instant expiresAt) {
    JsonObject claims = new JsonObject()
        .put("iss", settings.suiteIssuer())
        .put("sub", identity.userId())
        .put("user_id", identity.userId())
        .put("jti", UUID.randomUUID().toString())
        // to the millisecond: a sign-in just after a revocation of its user, in the same second, stays valid
        .put("iat", NumericDate.of(issuedAt))
        .put("exp", expiresAt.getEpochSecond())
        .put("token_type", type)
        .put("roles", new JsonArray(identity.roles()));
    putIfPresent(claims, "email", identity.email());
    putIfPresent(claims, "preferred_username", identity.username());
    putIfPresent(claims, "sid", identity.sessionId());
    if (!identity.scopes().isEmpty()) {
      claims.put("scope", String.join(" ", identity.scopes()));
    }
    settings.audience().ifPresent(audience -> claims.put("aud", audience));
    return claims;
  }

  private static void putIfPresent(JsonObject claims, String name, String value) {
    if (value != null) {
      claims.put(name, value);
    }
  }

  private String sign(JsonObject claims) {
    RSAKey key = keys.signingKey();
    JWSObject jws = new JWSObject(new JWSHeader.Builder(SuiteKeys.ALGORITHM).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
        new Payload(claims.encode()));
    try {
      jws.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with suite key " + key.getKeyID(), e);
    }
    return jws.serialize();
  }
}
