package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.RedisProcess;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's Redis hangs (SIGSTOP: connections open, nothing answered), the worst outage for a probe. Readiness is
 * the instance alone (docs/robustness.md, "Readiness is this instance, never its dependencies"): every service stays
 * in its Service, says degraded on /health, and the stateless JWT path keeps validating.
 */
@Tag("robustness")
@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("Redis hanging (SIGSTOP): /health/ready 200 on all five services, /health degraded with 200, JWTs validate")
class RedisHangReadinessTest {

  @Test
  @DisplayName("with Redis frozen, every service is ready, /health answers 200 degraded naming redis, and a JWT validates")
  void readyWhileRedisHangs(Vertx vertx, @TempDir Path dir) {
    WebClient http = WebClient.create(vertx);
    Vertx suite = Vertx.vertx();
    try (RedisProcess redis = RedisProcess.start()) {
      try {
        Map<String, String> env = new HashMap<>();
        TestServices.redisConfig("hang:").forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
        env.put(SuiteConfig.REDIS_URL, redis.url());
        env.put("COORDINATOR_PROBE_INTERVAL_MS", "300");
        env.put("FALLBACK_BCRYPT_COST", "4");
        env.put("FALLBACK_AUDIT_FILE", dir.resolve("fallback-audit.jsonl").toString());
        Map<SuiteService, Integer> ports = new HashMap<>();
        SuiteRunner.start(suite, env, List.of()).await().forEach(running -> ports.put(running.service(), running.port()));
        String token = TestTokens.primary(TestTokens.primaryClaims("hang-" + UUID.randomUUID().toString().substring(0, 8))
            .put("jti", "hang-" + UUID.randomUUID()));
        assertThat(validate(http, ports, token).statusCode()).isEqualTo(200);

        redis.freeze();
        try {
          for (SuiteService service : SuiteService.values()) {
            int port = ports.get(service);
            HttpResponse<Buffer> ready = http.get(port, "127.0.0.1", "/health/ready").timeout(5_000).send().await();
            assertThat(ready.statusCode()).as("%s /health/ready: %s", service, ready.bodyAsString()).isEqualTo(200);
            HttpResponse<Buffer> health = http.get(port, "127.0.0.1", "/health").timeout(5_000).send().await();
            assertThat(health.statusCode()).as("%s /health: %s", service, health.bodyAsString()).isEqualTo(200);
            JsonObject report = health.bodyAsJsonObject();
            assertThat(report.getString("status")).as("%s /health: %s", service, report.encode()).isEqualTo("degraded");
            assertThat(report.getJsonObject("dependencies").getJsonObject("redis").getString("status")).isEqualTo("unhealthy");
            assertThat(http.get(port, "127.0.0.1", "/health/live").timeout(5_000).send().await().statusCode())
                .as("%s /health/live", service).isEqualTo(200);
          }
          HttpResponse<Buffer> validated = validate(http, ports, token);
          assertThat(validated.statusCode()).as(validated.bodyAsString()).isEqualTo(200);
          assertThat(validated.bodyAsJsonObject().getBoolean("valid")).as(validated.bodyAsString()).isTrue();
        } finally {
          redis.thaw();
        }
      } finally {
        suite.close().await(); // before Redis goes, so that nothing is left talking to a dead server
      }
    } finally {
      http.close();
    }
  }

  private static HttpResponse<Buffer> validate(WebClient http, Map<SuiteService, Integer> ports, String token) {
    return http.post(ports.get(SuiteService.JWT_TOKEN_ADAPTER), "127.0.0.1", "/api/v1/jwt/validate").timeout(10_000)
        .sendJsonObject(new JsonObject().put("token", token)).await();
  }
}
