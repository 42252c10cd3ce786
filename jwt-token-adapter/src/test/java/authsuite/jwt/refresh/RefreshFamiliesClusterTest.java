package authsuite.jwt.refresh;

import authsuite.common.platform.RedisClients;
import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Refresh-token rotation on a 3-master Redis Cluster: the script's keys share the family's slot")
class RefreshFamiliesClusterTest extends RefreshFamiliesContractTest {

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private Redis redis;

  @Override
  protected RefreshFamilies create(Vertx vertx) {
    redis = RedisClients.create(vertx, RedisCluster.shared().settings(keyPrefix));
    return RefreshFamilies.redis(redis, keyPrefix);
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    redis.close().await();
  }
}
