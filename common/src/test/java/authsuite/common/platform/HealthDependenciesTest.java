package authsuite.common.platform;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Health reflects Redis: readiness follows it, liveness never does")
class HealthDependenciesTest {
  private final String prefix = TestRedis.uniqueKeyPrefix();

  @AfterEach
  void cleanUp(Vertx vertx) {
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
  }

  @Test
  @DisplayName("with Redis up, /health reports it healthy with its latency")
  void redisUp(Vertx vertx) {
    KitTestVerticle service = TestServices.start(vertx, new KitTestVerticle(), TestServices.redisConfig(prefix)).await();
    WebClient client = WebClient.create(vertx);

    JsonObject health = client.get(service.port(), "127.0.0.1", "/health").send().await().bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.containsKey("embedded")).isFalse();
    JsonObject redis = health.getJsonObject("dependencies").getJsonObject("redis");
    assertThat(redis.getString("status")).isEqualTo("healthy");
    assertThat(redis.getDouble("latency_ms")).isGreaterThanOrEqualTo(0.0);
    assertThat(client.get(service.port(), "127.0.0.1", "/health/ready").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("with Redis down, the service is degraded and not ready, but alive")
  void redisDown(Vertx vertx) {
    JsonObject config = TestServices.redisConfig(prefix).put(SuiteConfig.REDIS_URL, "redis://127.0.0.1:1");
    KitTestVerticle service = TestServices.start(vertx, new KitTestVerticle(), config).await();
    WebClient client = WebClient.create(vertx);

    var response = client.get(service.port(), "127.0.0.1", "/health").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject health = response.bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("degraded");
    JsonObject redis = health.getJsonObject("dependencies").getJsonObject("redis");
    assertThat(redis.getString("status")).isEqualTo("unhealthy");
    assertThat(redis.getString("error")).isNotBlank();
    assertThat(redis.getBoolean("critical")).isTrue();

    assertThat(client.get(service.port(), "127.0.0.1", "/health/ready").send().await().statusCode()).isEqualTo(503);
    assertThat(client.get(service.port(), "127.0.0.1", "/health/live").send().await().statusCode()).isEqualTo(200);
  }
}
