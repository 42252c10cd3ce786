package authsuite.common.testing;

import authsuite.common.jwt.InternalTokens;
import io.vertx.core.Vertx;
import java.time.Duration;

/** The one place tests get secrets and tokens from. */
public final class TestTokens {
  public static final String JWT_SECRET_KEY = "test-jwt-secret-key-0123456789abcdef-0123456789";
  public static final String SERVICE_SECRET = "test-service-secret-0123456789abcdef-0123456789";
  public static final String EMERGENCY_SIGNING_KEY = "test-emergency-key-0123456789abcdef-0123456789";

  private TestTokens() {
  }

  /** An internal token valid for one minute, as an operator or a peer service would present it. */
  public static String internal(Vertx vertx) {
    return InternalTokens.create(vertx, SERVICE_SECRET).mint("test", Duration.ofMinutes(1));
  }
}
