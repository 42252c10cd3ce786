package authsuite.session.store;

import authsuite.common.platform.RedisClients;
import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Session store on a 3-master Redis Cluster: the same contract as on a single Redis")
class RedisClusterSessionStoreTest extends SessionStoreContractTest {

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private Redis redis;

  @Override
  protected SessionStore createStore(Vertx vertx) {
    redis = RedisClients.create(vertx, RedisCluster.shared().settings(keyPrefix));
    return SessionStore.redis(redis, keyPrefix);
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    redis.close().await();
  }
}
