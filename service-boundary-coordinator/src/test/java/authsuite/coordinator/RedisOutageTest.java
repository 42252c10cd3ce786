package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static authsuite.coordinator.CoordinatorFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("With Redis unreachable the coordinator still starts, reports, and calls the mode degraded")
class RedisOutageTest {
  private CoordinatorFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("Redis failing its probes for the window makes the mode degraded; statically configured peers are still probed")
  void redisDown() {
    HttpServer primaryAuth = fixture.healthyPeer(0);
    HttpServer adapter = fixture.healthyPeer(0);
    fixture.start(fixture.config()
        .put(SuiteConfig.REDIS_URL, "redis://127.0.0.1:1")
        .put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + primaryAuth.actualPort())
        .put(SuiteService.JWT_TOKEN_ADAPTER.urlVariable(), "http://127.0.0.1:" + adapter.actualPort()));

    JsonObject report = fixture.awaitReport(r -> "degraded".equals(r.getString("mode")), 5_000, "degraded mode");

    assertThat(report.getString("mode_reason")).contains("redis failing").doesNotContain("primary auth service failing");
    assertThat(report.getJsonObject("dependencies").getJsonObject("redis").getString("status")).isEqualTo("unhealthy");
    assertThat(report.getJsonObject("dependencies").getJsonObject("primary_auth").getString("status")).isEqualTo("healthy");
    assertThat(service(report, SuiteService.JWT_TOKEN_ADAPTER).getString("status")).isEqualTo("healthy");
    assertThat(fixture.get("/api/v1/coordinator/services").statusCode()).isEqualTo(503);
    assertThat(fixture.get("/health/live").statusCode()).isEqualTo(200);
  }
}
