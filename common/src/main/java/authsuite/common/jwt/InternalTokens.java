package authsuite.common.jwt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The short-lived tokens services and operators present on internal endpoints: HS256 with
 * {@code SERVICE_SECRET}, audience {@code authsuite-internal}, at most five minutes long.
 */
public final class InternalTokens {
  public static final String AUDIENCE = "authsuite-internal";
  public static final String ISSUER = "authsuite";
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

  private final JWTAuth auth;

  private InternalTokens(JWTAuth auth) {
    this.auth = auth;
  }

  public static InternalTokens create(Vertx vertx, String serviceSecret) {
    JWTAuthOptions options = new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(serviceSecret))
        .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).setAudience(List.of(AUDIENCE)).setLeeway(5));
    return new InternalTokens(JWTAuth.create(vertx, options));
  }

  /** @param lifetime clamped to {@link #MAX_LIFETIME} */
  public String mint(String subject, Duration lifetime) {
    long seconds = Math.max(1, Math.min(lifetime.toSeconds(), MAX_LIFETIME.toSeconds()));
    return auth.generateToken(new JsonObject().put("jti", UUID.randomUUID().toString()).put("token_type", "internal"),
        new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).setAudience(List.of(AUDIENCE))
            .setSubject(subject).setExpiresInSeconds((int) seconds));
  }

  /** Succeeds with the caller when the token is a valid internal token; fails otherwise. */
  public Future<User> verify(String token) {
    if (CompactJws.parse(token) == null) {
      // the same strict reading as every other token: one spelling, no repeated claim names
      return Future.failedFuture("malformed");
    }
    return auth.authenticate(new TokenCredentials(token)).compose(user -> {
      // vertx-auth-jwt keeps exp/iat out of the principal; the decoded token is in the attributes
      JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
      if (!"internal".equals(claims.getString("token_type"))) {
        return Future.failedFuture("not an internal token");
      }
      Long exp = claims.getLong("exp");
      Long iat = claims.getLong("iat");
      if (exp == null || iat == null || exp - iat > MAX_LIFETIME.toSeconds()) {
        return Future.failedFuture("internal tokens live at most " + MAX_LIFETIME.toMinutes() + " minutes");
      }
      return Future.succeededFuture(user);
    });
  }
}
