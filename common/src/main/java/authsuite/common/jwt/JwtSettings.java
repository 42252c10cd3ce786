package authsuite.common.jwt;

import authsuite.common.config.SuiteConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The token rules of the suite, from configuration. The primary auth service signs HS256 with
 * {@code JWT_SECRET_KEY} and may leave {@code iss} out (PyJWT does); the suite signs its own tokens
 * with its asymmetric key under {@code JWT_SUITE_ISSUER}; external issuers come from {@code JWT_ISSUERS}.
 */
public record JwtSettings(
    String jwtSecretKey,
    String jwtSecretKeyPrevious,
    String primaryIssuer,
    String suiteIssuer,
    String emergencySigningKey,
    String emergencyIssuer,
    Duration emergencyTokenTtl,
    Optional<String> audience,
    Duration leeway,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration refreshReuseGrace,
    Duration jwksRefresh,
    Duration jwksMinRefetch,
    List<IssuerSettings> issuers) {

  public static final String JWT_PRIMARY_ISSUER = "JWT_PRIMARY_ISSUER";
  public static final String JWT_SUITE_ISSUER = "JWT_SUITE_ISSUER";
  public static final String JWT_EMERGENCY_ISSUER = "JWT_EMERGENCY_ISSUER";
  public static final String EMERGENCY_TOKEN_TTL_S = "EMERGENCY_TOKEN_TTL_S";
  /** An emergency token lives 15 minutes at most, whatever the configuration says. */
  public static final Duration MAX_EMERGENCY_TTL = Duration.ofMinutes(15);
  public static final String JWT_AUDIENCE = "JWT_AUDIENCE";
  public static final String JWT_LEEWAY_S = "JWT_LEEWAY_S";
  public static final String JWT_ACCESS_TTL_S = "JWT_ACCESS_TTL_S";
  public static final String JWT_REFRESH_TTL_S = "JWT_REFRESH_TTL_S";
  public static final String JWT_REFRESH_REUSE_GRACE_S = "JWT_REFRESH_REUSE_GRACE_S";
  public static final String JWT_JWKS_REFRESH_S = "JWT_JWKS_REFRESH_S";
  public static final String JWT_JWKS_MIN_REFETCH_S = "JWT_JWKS_MIN_REFETCH_S";
  /** Tokens are bounded at 8 KiB everywhere: larger is refused before any parsing. */
  public static final int MAX_TOKEN_BYTES = 8 * 1024;

  public static JwtSettings from(SuiteConfig config) {
    return new JwtSettings(
        config.secrets().jwtSecretKey(),
        config.secrets().jwtSecretKeyPrevious(),
        config.value(JWT_PRIMARY_ISSUER).orElse(null),
        config.value(JWT_SUITE_ISSUER).orElse("authsuite"),
        config.secrets().emergencySigningKey(),
        config.value(JWT_EMERGENCY_ISSUER).orElse("authsuite-emergency"),
        seconds(config, EMERGENCY_TOKEN_TTL_S, MAX_EMERGENCY_TTL.toSeconds()),
        config.value(JWT_AUDIENCE),
        seconds(config, JWT_LEEWAY_S, 30),
        seconds(config, JWT_ACCESS_TTL_S, 900),
        seconds(config, JWT_REFRESH_TTL_S, 7 * 24 * 3600),
        seconds(config, JWT_REFRESH_REUSE_GRACE_S, 0),
        seconds(config, JWT_JWKS_REFRESH_S, 300),
        seconds(config, JWT_JWKS_MIN_REFETCH_S, 30),
        config.jwtIssuers().stream().map(o -> IssuerSettings.fromJson((io.vertx.core.json.JsonObject) o)).toList());
  }

  private static Duration seconds(SuiteConfig config, String name, long fallback) {
    return Duration.ofSeconds(config.number(name, fallback));
  }
}
