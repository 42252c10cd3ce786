package authsuite.common.jwt;

import authsuite.common.config.Setting;
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

  private static final Setting PRIMARY_ISSUER = Setting.text(JWT_PRIMARY_ISSUER, null);
  private static final Setting SUITE_ISSUER = Setting.text(JWT_SUITE_ISSUER, "authsuite");
  private static final Setting EMERGENCY_ISSUER = Setting.text(JWT_EMERGENCY_ISSUER, "authsuite-emergency");
  private static final Setting EMERGENCY_TTL = Setting.number(EMERGENCY_TOKEN_TTL_S, MAX_EMERGENCY_TTL.toSeconds(), 30, MAX_EMERGENCY_TTL.toSeconds());
  private static final Setting AUDIENCE = Setting.text(JWT_AUDIENCE, null);
  private static final Setting LEEWAY = Setting.number(JWT_LEEWAY_S, 30, 0, 300);
  private static final Setting ACCESS_TTL = Setting.number(JWT_ACCESS_TTL_S, 900, 10, 86_400);
  private static final Setting REFRESH_TTL = Setting.number(JWT_REFRESH_TTL_S, 7 * 86_400, 60, 90 * 86_400);
  private static final Setting REFRESH_REUSE_GRACE = Setting.number(JWT_REFRESH_REUSE_GRACE_S, 0, 0, 300);
  private static final Setting JWKS_REFRESH = Setting.number(JWT_JWKS_REFRESH_S, 300, 10, 86_400);
  private static final Setting JWKS_MIN_REFETCH = Setting.number(JWT_JWKS_MIN_REFETCH_S, 30, 0, 3_600);
  /** The token settings every service reads (the issuers' list is checked with the suite's own rules). */
  public static final List<Setting> SETTINGS = List.of(PRIMARY_ISSUER, SUITE_ISSUER, EMERGENCY_ISSUER, EMERGENCY_TTL, AUDIENCE,
      LEEWAY, ACCESS_TTL, REFRESH_TTL, REFRESH_REUSE_GRACE, JWKS_REFRESH, JWKS_MIN_REFETCH, VerifiedTokens.MAX_MEGABYTES);

  public static JwtSettings from(SuiteConfig config) {
    return new JwtSettings(
        config.secrets().jwtSecretKey(),
        config.secrets().jwtSecretKeyPrevious(),
        PRIMARY_ISSUER.text(config),
        SUITE_ISSUER.text(config),
        config.secrets().emergencySigningKey(),
        EMERGENCY_ISSUER.text(config),
        EMERGENCY_TTL.seconds(config),
        AUDIENCE.value(config),
        LEEWAY.seconds(config),
        ACCESS_TTL.seconds(config),
        REFRESH_TTL.seconds(config),
        REFRESH_REUSE_GRACE.seconds(config),
        JWKS_REFRESH.seconds(config),
        JWKS_MIN_REFETCH.seconds(config),
        config.jwtIssuers().stream().map(o -> IssuerSettings.fromJson((io.vertx.core.json.JsonObject) o)).toList());
  }
}
