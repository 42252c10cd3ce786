package authsuite.launcher;

import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("check-config tells a wrong setting from a dependency that does not answer")
class ConfigCheckTest {
  private static final String JWT = "a-jwt-secret-that-is-long-enough-0123456789";
  private static final String SERVICE = "a-service-secret-that-is-long-enough-012345";
  private static final String EMERGENCY = "an-emergency-key-that-is-long-enough-012345";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int check(Vertx vertx, Map<String, String> env) {
    return ConfigCheck.run(vertx, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).await();
  }

  @Test
  @DisplayName("prod with nothing set exits 1 and lists all five missing settings")
  void prodNothingSet(Vertx vertx) {
    assertThat(check(vertx, Map.of("SUITE_PROFILE", "prod"))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("JWT_SECRET_KEY: missing", "SERVICE_SECRET: missing", "EMERGENCY_SIGNING_KEY: missing",
            "REDIS_URL: missing", "DATABASE_URL: missing");
  }

  @Test
  @DisplayName("a full prod configuration with reachable Redis and PostgreSQL exits 0")
  void prodComplete(Vertx vertx) {
    int code = check(vertx, Map.of("SUITE_PROFILE", "prod", "JWT_SECRET_KEY", JWT, "SERVICE_SECRET", SERVICE,
        "EMERGENCY_SIGNING_KEY", EMERGENCY, "REDIS_URL", TestRedis.url(), "DATABASE_URL", TestPostgres.url()));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration OK");
  }

  @Test
  @DisplayName("valid settings pointing at nothing are reported as unreachable, not as missing")
  void unreachable(Vertx vertx) {
    int code = check(vertx, Map.of("JWT_SECRET_KEY", JWT, "SERVICE_SECRET", SERVICE, "EMERGENCY_SIGNING_KEY", EMERGENCY,
        "REDIS_URL", "redis://127.0.0.1:1", "DATABASE_URL", "postgresql://postgres@127.0.0.1:1/test"));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("configuration is valid", "REDIS_URL: unreachable", "DATABASE_URL: unreachable")
        .doesNotContain("missing");
  }

  @Test
  @DisplayName("each module's own settings are checked against their declared ranges, all reported in one run")
  void everyModulesSettings(Vertx vertx) {
    Map<String, String> env = Map.of("JWT_SECRET_KEY", JWT, "SERVICE_SECRET", SERVICE, "EMERGENCY_SIGNING_KEY", EMERGENCY,
        "JWT_LEEWAY_S", "301", "SESSION_IDLE_TIMEOUT_S", "0", "FALLBACK_BCRYPT_COST", "3", "WS_MAX_FRAME_BYTES", "ten",
        "COORDINATOR_MAX_STREAMS", "100001", "HEALTH_WAIT_S", "0", "FALLBACK_USERS_TABLE", "users; drop table users");
    assertThat(check(vertx, env)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(
        "JWT_LEEWAY_S: must be a whole number between 0 and 300, was '301'",
        "SESSION_IDLE_TIMEOUT_S: must be a whole number between 1 and 2592000, was '0'",
        "FALLBACK_BCRYPT_COST: must be a whole number between 4 and 31, was '3'",
        "WS_MAX_FRAME_BYTES: must be a whole number between 16 and 65536, was 'ten'",
        "COORDINATOR_MAX_STREAMS: must be a whole number between 1 and 100000, was '100001'",
        "HEALTH_WAIT_S: must be a whole number between 1 and 3600, was '0'",
        "FALLBACK_USERS_TABLE: must be a lower-case SQL identifier");
  }
}
