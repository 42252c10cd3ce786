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
@DisplayName("Health reflects Redis; readiness is the instance alone (listening, not draining), liveness the event loop")
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
  @DisplayName("with Redis down, the service is degraded (200), and still ready and alive")
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

    assertThat(client.get(service.port(), "127.0.0.1", "/health/ready").send().await().statusCode()).isEqualTo(200);
    assertThat(client.get(service.port(), "127.0.0.1", "/health/live").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("draining, the service answers readiness 503 at once and keeps serving through SHUTDOWN_DELAY_S; the drain then completes")
  void draining(Vertx vertx) {
    JsonObject config = TestServices.redisConfig(prefix).put(SuiteConfig.SHUTDOWN_DELAY_S, "2");
    KitTestVerticle service = TestServices.start(vertx, new KitTestVerticle(), config).await();
    WebClient client = WebClient.create(vertx);
    assertThat(client.get(service.port(), "127.0.0.1", "/health/ready").send().await().statusCode()).isEqualTo(200);

    var drained = service.drain();
    var ready = client.get(service.port(), "127.0.0.1", "/health/ready").send().await();
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsString()).contains("draining");
    assertThat(client.get(service.port(), "127.0.0.1", "/health/live").send().await().statusCode()).isEqualTo(200);
    assertThat(client.get(service.port(), "127.0.0.1", "/health").send().await().statusCode()).isEqualTo(200);
    drained.await();
    assertThat(service.drain()).as("a second drain is the same one").isSameAs(drained);
  }
}
