package authsuite.common.platform;

import authsuite.common.config.DatabaseSettings;
import authsuite.common.config.RedisSettings;
import authsuite.common.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Redis and PostgreSQL clients are built from configuration")
class ClientsFromConfigTest {
  @Test
  @DisplayName("sentinel mode asks the sentinels for the named master")
  void sentinelOptions() {
    RedisOptions options = RedisClients.options(new RedisSettings(
        List.of("redis://s1:26379", "redis://s2:26379"), RedisSettings.Mode.SENTINEL, "mymaster", "authsuite:"));
    assertThat(options.getType()).isEqualTo(RedisClientType.SENTINEL);
    assertThat(options.getEndpoints()).containsExactly("redis://s1:26379", "redis://s2:26379");
    assertThat(options.getMasterName()).isEqualTo("mymaster");
    assertThat(options.getRole()).isEqualTo(RedisRole.MASTER);
  }

  @Test
  @DisplayName("cluster mode seeds from every listed node")
  void clusterOptions() {
    RedisOptions options = RedisClients.options(new RedisSettings(
        List.of("redis://n1:6379", "redis://n2:6379", "redis://n3:6379"), RedisSettings.Mode.CLUSTER, null, "authsuite:"));
    assertThat(options.getType()).isEqualTo(RedisClientType.CLUSTER);
    assertThat(options.getEndpoints()).hasSize(3);
  }

  @Test
  @DisplayName("a PostgreSQL pool from DATABASE_URL and DATABASE_SCHEMA works in that schema")
  void postgresPoolUsesSchema(Vertx vertx) {
    String schema = TestPostgres.uniqueSchema();
    TestPostgres.pool(vertx, schema).compose(Pool::close).await();
    Pool pool = PgPools.create(vertx, new DatabaseSettings(TestPostgres.url(), schema));
    try {
      String searchPath = pool.query("SHOW search_path").execute().await().iterator().next().getString(0);
      assertThat(searchPath).isEqualTo(schema);
    } finally {
      pool.close().await();
      TestPostgres.dropSchema(vertx, schema).await();
    }
  }
}
