package authsuite.session.store;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSessionStoreTest extends SessionStoreContractTest {

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private Redis redis;

  @Override
  protected SessionStore createStore(Vertx vertx) {
    redis = Redis.createClient(vertx, TestRedis.url());
    return SessionStore.redis(redis, keyPrefix);
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    redis.close().await();
    TestRedis.deleteKeys(vertx, TestRedis.url(), keyPrefix).await();
  }

  @Test
  @DisplayName("sessions live under <prefix>session:<id> as JSON")
  void keyLayout() {
    store.put("s-layout", new JsonObject().put("user_id", "42"), Duration.ofMinutes(1)).await();

    String stored = redis.send(Request.cmd(Command.GET, keyPrefix + "session:s-layout")).await().toString();

    assertThat(new JsonObject(stored)).isEqualTo(new JsonObject().put("user_id", "42"));
  }

  @Test
  @DisplayName("with Redis unreachable every operation fails as 'redis unavailable', never as absent")
  void redisDownIsDependencyUnavailable(Vertx vertx) {
    Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:1");
    SessionStore down = SessionStore.redis(unreachable, keyPrefix);
    try {
      assertUnavailable(() -> down.get("s-1").await());
      assertUnavailable(() -> down.put("s-1", new JsonObject(), Duration.ofMinutes(1)).await());
      assertUnavailable(() -> down.touch("s-1", Duration.ofMinutes(1)).await());
      assertUnavailable(() -> down.remainingTtl("s-1").await());
      assertUnavailable(() -> down.delete("s-1").await());
    } finally {
      unreachable.close().await();
    }
  }

  private static void assertUnavailable(ThrowingCallable call) {
    assertThatThrownBy(call)
      .isInstanceOf(DependencyUnavailableException.class)
      .hasMessageStartingWith("redis unavailable: ")
      .satisfies(e -> assertThat(((DependencyUnavailableException) e).dependency()).isEqualTo("redis"));
  }
}
