package authsuite.launcher;

import authsuite.common.testing.RedisCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Scale-out on a 3-master Redis Cluster: two instances of every service still act as one suite")
class ScaleOutClusterTest extends ScaleOutTest {

  @Override
  protected JsonObject redisConfig(String keyPrefix) {
    return RedisCluster.shared().config(keyPrefix);
  }

  @Override
  protected void deleteKeys(Vertx vertx, String keyPrefix) {
  }
}
