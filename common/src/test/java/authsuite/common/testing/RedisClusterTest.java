package authsuite.common.testing;

import authsuite.common.platform.RedisClients;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("RedisCluster: three masters on loopback ports, joined, every slot served, shared by the JVM")
class RedisClusterTest {

  @Test
  @DisplayName("the cluster is ok with 3 masters, and the suite's cluster client writes keys that land on different nodes")
  void threeMastersServeEverySlot(Vertx vertx) {
    RedisCluster cluster = RedisCluster.shared();
    assertThat(RedisCluster.shared()).isSameAs(cluster);
    assertThat(cluster.urls()).hasSize(3);
    Redis redis = RedisClients.create(vertx, cluster.settings("unused:"));
    try {
      String info = redis.send(Request.cmd(Command.CLUSTER).arg("INFO")).await().toString();
      assertThat(info).contains("cluster_state:ok").contains("cluster_known_nodes:3").contains("cluster_size:3");
      for (int i = 0; i < 30; i++) {
        redis.send(Request.cmd(Command.SET, "authsuite-test:cluster:" + i, "v" + i, "PX", 60_000)).await();
      }
      for (String node : cluster.urls()) {
        Redis direct = Redis.createClient(vertx, node);
        assertThat(direct.send(Request.cmd(Command.DBSIZE)).await().toLong()).as("keys on " + node).isPositive();
        direct.close().await();
      }
      assertThat(redis.send(Request.cmd(Command.GET, "authsuite-test:cluster:7")).await().toString()).isEqualTo("v7");
    } finally {
      redis.close().await();
    }
  }
}
