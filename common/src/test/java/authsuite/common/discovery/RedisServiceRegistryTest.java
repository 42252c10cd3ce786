package authsuite.common.discovery;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServiceRegistryTest extends ServiceRegistryContractTest {

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private Redis redis;

  @BeforeEach
  void connect(Vertx vertx) {
    redis = Redis.createClient(vertx, TestRedis.url());
  }

  @Override
  protected ServiceRegistry open(Vertx vertx, Duration heartbeatInterval) {
    return ServiceRegistry.redis(vertx, redis, keyPrefix, heartbeatInterval);
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    redis.close().await();
    TestRedis.deleteKeys(vertx, TestRedis.url(), keyPrefix).await();
  }

  @Test
  @DisplayName("an instance is a JSON key living three heartbeats, indexed by its service's set and the services set")
  void keyLayout(Vertx vertx) {
    ServiceInstance instance = register(open(vertx, SHORT_HEARTBEAT), "jwt-token-adapter", "http://j:8025").instance();
    String key = keyPrefix + "registry:{jwt-token-adapter}:" + instance.instanceId();

    assertThat(new JsonObject(send(Command.GET, key).toBuffer())).isEqualTo(instance.toJson());
    assertThat(send(Command.PTTL, key).toLong()).isBetween(1L, SHORT_HEARTBEAT.multipliedBy(3).toMillis());
    assertThat(members(keyPrefix + "registry:{jwt-token-adapter}:instances")).containsExactly(instance.instanceId());
    assertThat(members(keyPrefix + "registry:services")).containsExactly("jwt-token-adapter");
  }

  @Test
  @DisplayName("an instance whose process stopped without deregistering expires, and lookups drop it from the set")
  void instanceWithoutHeartbeatExpires(Vertx vertx) {
    Vertx crashing = Vertx.vertx();
    Redis crashingRedis = Redis.createClient(crashing, TestRedis.url());
    ServiceRegistry.redis(crashing, crashingRedis, keyPrefix, SHORT_HEARTBEAT)
      .register("websocket-auth-gateway", "http://crashed:8028").await();
    ServiceRegistry registry = open(vertx, SHORT_HEARTBEAT);
    assertThat(registry.instances("websocket-auth-gateway").await()).hasSize(1);

    crashing.close().await();
    Eventually.until(vertx, () -> registry.instances("websocket-auth-gateway").await(), List::isEmpty,
        SHORT_HEARTBEAT.multipliedBy(4));
    assertThat(registry.all().await()).isEmpty();
    assertThat(members(keyPrefix + "registry:{websocket-auth-gateway}:instances")).isEmpty();
  }

  @Test
  @DisplayName("with Redis unreachable the registry fails as 'redis unavailable', yet static URLs still resolve")
  void redisDownIsDependencyUnavailable(Vertx vertx) {
    Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:1");
    ServiceRegistry down = ServiceRegistry.redis(vertx, unreachable, keyPrefix, SHORT_HEARTBEAT);
    ServiceRegistry withStatic = ServiceRegistry.withStaticUrls(down, Map.of("jwt-token-adapter", "http://jwt"));
    try {
      assertUnavailable(() -> down.register("jwt-token-adapter", "http://j:8025").await());
      assertUnavailable(() -> down.instances("jwt-token-adapter").await());
      assertUnavailable(() -> down.all().await());
      assertThat(withStatic.instances("jwt-token-adapter").await()).extracting(ServiceInstance::url)
        .containsExactly("http://jwt");
    } finally {
      unreachable.close().await();
    }
  }

  private Response send(Command command, String key) {
    return redis.send(Request.cmd(command, key)).await();
  }

  private List<String> members(String setKey) {
    List<String> members = new ArrayList<>();
    send(Command.SMEMBERS, setKey).forEach(member -> members.add(member.toString()));
    return members;
  }

  private static void assertUnavailable(ThrowingCallable call) {
    assertThatThrownBy(call)
      .isInstanceOf(DependencyUnavailableException.class)
      .hasMessageStartingWith("redis unavailable: ");
  }
}
