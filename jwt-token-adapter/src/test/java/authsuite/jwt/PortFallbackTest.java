package authsuite.jwt;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.discovery.ServiceInstance;
import authsuite.common.discovery.ServiceRegistry;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("With its port held by another process, the adapter falls back and the registry tells the truth")
class PortFallbackTest {
  private final String prefix = TestRedis.uniqueKeyPrefix();
  private NetServer squatter;

  @BeforeEach
  void holdAPort(Vertx vertx) {
    squatter = vertx.createNetServer().connectHandler(socket -> socket.close()).listen(0, "0.0.0.0").await();
  }

  @AfterEach
  void release(Vertx vertx) {
    squatter.close().await();
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
  }

  private JsonObject configOnHeldPort() {
    return TestServices.redisConfig(prefix)
        .put(SuiteService.JWT_TOKEN_ADAPTER.portVariable(), String.valueOf(squatter.actualPort()))
        .put(SuiteConfig.BIND_HOST, "0.0.0.0");
  }

  @Test
  @DisplayName("PORT_FALLBACK=true: binds another port, and the registry returns that real address")
  void fallsBackAndRegistersRealAddress(Vertx vertx) {
    TokenAdapterVerticle adapter = TestServices.start(vertx, new TokenAdapterVerticle(),
        configOnHeldPort().put(SuiteConfig.PORT_FALLBACK, "true")).await();
    assertThat(adapter.port()).isNotEqualTo(squatter.actualPort());

    Redis redis = Redis.createClient(vertx, TestRedis.url());
    ServiceRegistry registry = ServiceRegistry.redis(vertx, redis, prefix, Duration.ofSeconds(1));
    ServiceInstance instance = registry.instances(SuiteService.JWT_TOKEN_ADAPTER.serviceName()).await().get(0);
    URI registered = URI.create(instance.url());
    assertThat(registered.getPort()).isEqualTo(adapter.port());

    int status = WebClient.create(vertx).get(registered.getPort(), registered.getHost(), "/health").send().await().statusCode();
    assertThat(status).isEqualTo(200);
    redis.close();
  }

  @Test
  @DisplayName("without PORT_FALLBACK the start fails and says which port is busy")
  void refusesWithoutFallback(Vertx vertx) {
    assertThatThrownBy(() -> TestServices.start(vertx, new TokenAdapterVerticle(), configOnHeldPort()).await())
        .hasMessageContaining("port " + squatter.actualPort() + " is in use")
        .hasMessageContaining("PORT_FALLBACK");
  }
}
