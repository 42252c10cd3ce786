package authsuite.common.discovery;

import authsuite.common.platform.RedisClients;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Service registry on a 3-master Redis Cluster: one service's keys share a slot")
class RedisClusterServiceRegistryTest extends ServiceRegistryContractTest {

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private Redis redis;

  @BeforeEach
  void connect(Vertx vertx) {
    redis = RedisClients.create(vertx, RedisCluster.shared().settings(keyPrefix));
  }

  @Override
  protected ServiceRegistry open(Vertx vertx, Duration heartbeatInterval) {
    return ServiceRegistry.redis(vertx, redis, keyPrefix, heartbeatInterval);
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    redis.close().await();
  }

  @Test
  @DisplayName("of several instances of one service, lookups drop exactly the one that stopped heartbeating, never a live one")
  void dropsOnlyTheExpiredInstance(Vertx vertx) {
    Vertx crashing = Vertx.vertx();
    Redis crashingRedis = RedisClients.create(crashing, RedisCluster.shared().settings(keyPrefix));
    ServiceRegistry.redis(crashing, crashingRedis, keyPrefix, SHORT_HEARTBEAT)
      .register("session-validation-normalizer", "http://crashed:8026").await();
    // a slow heartbeat: a live member wrongly dropped would not come back before the next lookups
    ServiceRegistry registry = open(vertx, Duration.ofMinutes(1));
    List<String> live = IntStream.range(0, 8).mapToObj(i -> "http://live-" + i + ":8026").toList();
    live.forEach(url -> register(registry, "session-validation-normalizer", url));
    assertThat(registry.instances("session-validation-normalizer").await()).hasSize(live.size() + 1);

    crashing.close().await();
    Eventually.until(vertx, () -> registry.instances("session-validation-normalizer").await(),
        listed -> listed.size() == live.size(), SHORT_HEARTBEAT.multipliedBy(4));

    for (int lookup = 0; lookup < 3; lookup++) {
      assertThat(registry.instances("session-validation-normalizer").await()).extracting(ServiceInstance::url)
        .as("lookup %d", lookup).containsExactlyInAnyOrderElementsOf(live);
    }
  }
}
