package authsuite.common.testing;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class TestSupportTest {

  @Test
  @DisplayName("deleteKeys removes every key under the prefix and nothing else")
  void deleteKeysIsScopedToThePrefix(Vertx vertx) {
    String prefix = TestRedis.uniqueKeyPrefix();
    String neighbour = TestRedis.uniqueKeyPrefix();
    Redis redis = Redis.createClient(vertx, TestRedis.url());
    try {
      for (int i = 0; i < 1_200; i++) {
        redis.send(Request.cmd(Command.SET, prefix + "k" + i, "v")).await();
      }
      redis.send(Request.cmd(Command.SET, neighbour + "k", "v")).await();

      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();

      assertThat(redis.send(Request.cmd(Command.EXISTS, prefix + "k0", prefix + "k1199")).await().toLong()).isZero();
      assertThat(redis.send(Request.cmd(Command.EXISTS, neighbour + "k")).await().toLong()).isOne();
    } finally {
      TestRedis.deleteKeys(vertx, TestRedis.url(), neighbour).await();
      redis.close().await();
    }
  }

  @Test
  @DisplayName("unique key prefixes look like authsuite-test:<8 hex>: and differ")
  void uniqueKeyPrefixes() {
    assertThat(TestRedis.uniqueKeyPrefix()).matches("authsuite-test:[0-9a-f]{8}:").isNotEqualTo(TestRedis.uniqueKeyPrefix());
  }

  @Test
  @DisplayName("a test pool works inside its own schema, which dropSchema removes")
  void poolUsesItsSchema(Vertx vertx) {
    String schema = TestPostgres.uniqueSchema();
    Pool pool = TestPostgres.pool(vertx, schema).await();
    try {
      pool.query("CREATE TABLE probe (id int)").execute().await();
      Row row = pool.query("SELECT current_schema() AS s").execute().await().iterator().next();
      assertThat(row.getString("s")).isEqualTo(schema);
    } finally {
      pool.close().await();
      TestPostgres.dropSchema(vertx, schema).await();
    }

    Pool check = TestPostgres.pool(vertx, "public").await();
    try {
      long left = check.query("SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = '" + schema + "'")
        .execute().await().iterator().next().getLong("n");
      assertThat(left).isZero();
    } finally {
      check.close().await();
    }
  }
}
