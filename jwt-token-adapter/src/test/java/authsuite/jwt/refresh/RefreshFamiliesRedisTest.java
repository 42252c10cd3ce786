package authsuite.jwt.refresh;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.config.RedisSettings;
import authsuite.jwt.refresh.RefreshFamilies.Outcome;
import authsuite.common.platform.RedisClients;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshFamiliesRedisTest extends RefreshFamiliesContractTest {

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private Redis redis;

  @Override
  protected RefreshFamilies create(Vertx vertx) {
    // the services' own pool, so that the concurrency tests race as production requests would
    redis = RedisClients.create(vertx,
      new RedisSettings(List.of(TestRedis.url()), RedisSettings.Mode.STANDALONE, null, keyPrefix));
    return RefreshFamilies.redis(redis, keyPrefix);
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    redis.close().await();
    TestRedis.deleteKeys(vertx, TestRedis.url(), keyPrefix).await();
  }

  @Test
  @DisplayName("reuse marks <prefix>refresh:family:{<family>} revoked for at least a day")
  void revokedFamilyKey() {
    spendTwice("fam-layout", Duration.ZERO);

    String familyKey = keyPrefix + "refresh:family:{fam-layout}";
    assertThat(redis.send(Request.cmd(Command.GET, familyKey)).await().toString()).isEqualTo("revoked");
    assertThat(redis.send(Request.cmd(Command.PTTL, familyKey)).await().toLong())
      .isGreaterThan(Duration.ofHours(23).toMillis());
  }

  @Test
  @DisplayName("the script still runs after Redis forgot it (restart, failover): NOSCRIPT falls back to EVAL")
  void runsAfterScriptFlush() {
    families.rotate("fam-flush", "rt-1", new JsonObject(), Duration.ZERO, Duration.ofMinutes(1)).await();

    redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await();

    assertThat(families.rotate("fam-flush", "rt-2", new JsonObject(), Duration.ZERO, Duration.ofMinutes(1))
      .await().outcome()).isEqualTo(Outcome.ROTATED);
  }

  @Test
  @DisplayName("with Redis unreachable a rotation fails as 'redis unavailable', never as reuse")
  void redisDownIsDependencyUnavailable(Vertx vertx) {
    Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:1");
    try {
      assertThatThrownBy(() -> RefreshFamilies.redis(unreachable, keyPrefix)
        .rotate("fam-down", "rt-1", new JsonObject(), Duration.ZERO, Duration.ofMinutes(1)).await())
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageStartingWith("redis unavailable: ");
    } finally {
      unreachable.close().await();
    }
  }

  private void spendTwice(String familyId, Duration grace) {
    families.rotate(familyId, "rt-1", new JsonObject(), grace, Duration.ofMinutes(1)).await();
    families.rotate(familyId, "rt-1", new JsonObject(), grace, Duration.ofMinutes(1)).await();
  }
}
