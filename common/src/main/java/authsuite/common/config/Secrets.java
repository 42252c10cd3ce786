package authsuite.common.config;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The keys the suite signs and verifies with. Never logged: {@link #toString()} names, not values. */
public record Secrets(String jwtSecretKey, String jwtSecretKeyPrevious, String serviceSecret, String emergencySigningKey) {
  public static final String JWT_SECRET_KEY = "JWT_SECRET_KEY";
  public static final String JWT_SECRET_KEY_PREVIOUS = "JWT_SECRET_KEY_PREVIOUS";
  public static final String SERVICE_SECRET = "SERVICE_SECRET";
  public static final String EMERGENCY_SIGNING_KEY = "EMERGENCY_SIGNING_KEY";

  /** Secrets every deployment needs; in dev they are generated when absent. */
  public static final List<String> REQUIRED = List.of(JWT_SECRET_KEY, SERVICE_SECRET, EMERGENCY_SIGNING_KEY);

  /**
   * Names that may be given as {@code <NAME>_FILE}: every secret, the URLs that carry passwords, and the session
   * sources (which hold their frameworks' secrets; a source may also name files of its own in {@code secret_files}).
   */
  public static final List<String> FILE_CAPABLE =
      List.of(JWT_SECRET_KEY, JWT_SECRET_KEY_PREVIOUS, SERVICE_SECRET, EMERGENCY_SIGNING_KEY, "REDIS_URL", "DATABASE_URL",
          SessionSources.SESSION_SOURCES);

  /** HS256 wants a key at least as long as its 256-bit output. */
  public static final int MIN_HMAC_KEY_BYTES = 32;

  public static int byteLength(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public String toString() {
    return "Secrets[redacted]";
  }
}
