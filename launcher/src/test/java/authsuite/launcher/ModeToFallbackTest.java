package authsuite.launcher;

import at.favre.lib.crypto.bcrypt.BCrypt;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.coordinator.CoordinatorVerticle;
import authsuite.fallback.FallbackProviderVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The coordinator's mode opens and closes emergency sign-in on the fallback provider")
class ModeToFallbackTest {
  private static final String USER = "ops";
  private static final String PASSWORD = "break-glass-password";
  private static final long PATIENCE_MS = 5_000;
  private final String prefix = TestRedis.uniqueKeyPrefix();

  @AfterEach
  void cleanUp(Vertx vertx) {
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
  }

  @Test
  @DisplayName("the primary auth stand-in stops: the mode degrades, the fallback provider hears it and signs people in; it returns: back to normal, sign-in closed")
  void primaryOutageOpensFallback(Vertx vertx, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("break-glass.json"), new JsonArray().add(new JsonObject().put("username", USER)
        .put("hashed_password", new String(BCrypt.withDefaults().hash(4, PASSWORD.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.US_ASCII))).encode());
    HttpServer primary = primaryStandIn(vertx, 0);
    int primaryPort = primary.actualPort();
    JsonObject config = TestServices.redisConfig(prefix)
        .put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + primaryPort)
        .put("COORDINATOR_PROBE_INTERVAL_MS", "200")
        .put("COORDINATOR_PROBE_TIMEOUT_MS", "150")
        .put("COORDINATOR_CIRCUIT_RESET_MS", "300")
        .put("COORDINATOR_MODE_FAIL_ROUNDS", "2")
        .put("COORDINATOR_MODE_RECOVER_ROUNDS", "2")
        // the provider's own probe of the primary stays out of it: here only the coordinator's mode opens sign-in
        .put("FALLBACK_PROBE_INTERVAL_MS", "600000")
        .put("FALLBACK_BCRYPT_COST", "4")
        .put("FALLBACK_BREAK_GLASS_FILE", dir.resolve("break-glass.json").toString())
        .put("FALLBACK_AUDIT_FILE", dir.resolve("audit.jsonl").toString());
    FallbackProviderVerticle fallback = TestServices.start(vertx, new FallbackProviderVerticle(), config).await();
    CoordinatorVerticle coordinator = TestServices.start(vertx, new CoordinatorVerticle(), config).await();
    WebClient client = WebClient.create(vertx);
    assertThat(signIn(client, fallback.port()).statusCode()).isEqualTo(403);

    primary.close().await();
    await(vertx, () -> json(client, coordinator.port(), "/api/v1/health/integration"), r -> "degraded".equals(r.getString("mode")));
    JsonObject status = await(vertx, () -> json(client, fallback.port(), "/api/v1/fallback/status"), s -> s.getBoolean("active"));
    assertThat(status.getJsonArray("reasons")).containsExactly("mode_degraded");
    HttpResponse<Buffer> granted = signIn(client, fallback.port());
    assertThat(granted.statusCode()).isEqualTo(200);
    assertThat(granted.bodyAsJsonObject().getString("access_token")).isNotBlank();

    primaryStandIn(vertx, primaryPort);
    await(vertx, () -> json(client, coordinator.port(), "/api/v1/health/integration"), r -> "normal".equals(r.getString("mode")));
    await(vertx, () -> json(client, fallback.port(), "/api/v1/fallback/status"), s -> !s.getBoolean("active"));
    assertThat(signIn(client, fallback.port()).statusCode()).isEqualTo(403);
    client.close();
  }

  private static HttpServer primaryStandIn(Vertx vertx, int port) {
    return vertx.createHttpServer().requestHandler(request -> request.response().end("{\"status\":\"ok\"}"))
        .listen(port, "127.0.0.1").await();
  }

  private static HttpResponse<Buffer> signIn(WebClient client, int port) {
    return client.post(port, "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", USER).put("password", PASSWORD)).await();
  }

  private static JsonObject json(WebClient client, int port, String path) {
    return client.get(port, "127.0.0.1", path).send().await().bodyAsJsonObject();
  }

  private static JsonObject await(Vertx vertx, java.util.function.Supplier<JsonObject> read, Predicate<JsonObject> condition) {
    return Eventually.until(vertx, read, condition, Duration.ofMillis(PATIENCE_MS));
  }
}
