package authsuite.common.testing;

import authsuite.common.SuiteService;
import authsuite.common.discovery.ServiceInstance;
import authsuite.common.discovery.ServiceRegistry;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service must do from its first day: start on the port it is given, register the
 * address it bound in the shared Redis registry, and answer the platform endpoints. Each service
 * module runs this against its own verticle by extending it.
 */
@ExtendWith(VertxExtension.class)
public abstract class ServiceStartupContract {
  private final String prefix = TestRedis.uniqueKeyPrefix();
  private SuiteServiceVerticle service;
  private WebClient client;
  private Redis redis;
  private ServiceRegistry registry;

  protected abstract SuiteServiceVerticle newService();

  protected abstract SuiteService expectedService();

  @BeforeEach
  void startService(Vertx vertx) {
    service = TestServices.start(vertx, newService(), TestServices.redisConfig(prefix)).await();
    client = WebClient.create(vertx);
    redis = Redis.createClient(vertx, TestRedis.url());
    registry = ServiceRegistry.redis(vertx, redis, prefix, Duration.ofSeconds(1));
  }

  @AfterEach
  void cleanUp(Vertx vertx) {
    client.close();
    redis.close();
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
  }

  private HttpResponse<Buffer> get(String path) {
    return client.get(service.port(), "127.0.0.1", path).send().await();
  }

  @Test
  @DisplayName("registers the address it actually bound, readable by any process through the Redis registry")
  void registersBoundAddress() {
    List<ServiceInstance> instances = registry.instances(expectedService().serviceName()).await();
    assertThat(instances).singleElement()
        .satisfies(instance -> assertThat(instance.url()).isEqualTo("http://127.0.0.1:" + service.port()));
  }

  @Test
  @DisplayName("GET /health answers 200 in the shape docs/api.md gives, naming the service and Redis")
  void health() {
    HttpResponse<Buffer> response = get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject health = response.bodyAsJsonObject();
    assertThat(health.getString("service")).isEqualTo(expectedService().serviceName());
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.fieldNames()).contains("version", "timestamp", "dependencies");
    assertThat(health.getJsonObject("dependencies").getJsonObject("redis").getString("status")).isEqualTo("healthy");

    HttpResponse<Buffer> own = get("/api/v1/" + expectedService().apiArea() + "/health");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getString("service")).isEqualTo(expectedService().serviceName());
  }

  @Test
  @DisplayName("serves liveness, readiness, Prometheus metrics and its OpenAPI contract")
  void platformEndpoints() {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("authsuite_http_responses_total");
    HttpResponse<Buffer> contract = get("/openapi.yaml");
    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.bodyAsString()).contains("/api/v1/" + expectedService().apiArea() + "/health:");
  }

  @Test
  @DisplayName("answers an unknown route with a 404 problem")
  void unknownRoute() {
    HttpResponse<Buffer> response = get("/api/v1/" + expectedService().apiArea() + "/does-not-exist");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
  }

  @Test
  @DisplayName("leaves the registry when undeployed")
  void deregistersOnStop(Vertx vertx) {
    vertx.undeploy(service.deploymentID()).await();
    assertThat(registry.instances(expectedService().serviceName()).await()).isEmpty();
  }
}
