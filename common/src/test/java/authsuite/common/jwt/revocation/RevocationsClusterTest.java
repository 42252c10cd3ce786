package authsuite.common.jwt.revocation;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.platform.RedisClients;
import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.DisplayName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@DisplayName("Revocations on a 3-master Redis Cluster: one {revocations} slot, events to every instance")
class RevocationsClusterTest extends RevocationsContractTest {

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private final String channelName = "revocations-cluster-test-" + UUID.randomUUID();
  private final List<AuthEventChannel> channels = new ArrayList<>();
  private final List<Redis> clients = new ArrayList<>();

  @Override
  protected Revocations create(Vertx vertx) {
    Redis pooled = RedisClients.create(vertx, RedisCluster.shared().settings(keyPrefix));
    clients.add(pooled);
    AuthEventChannel channel = AuthEventChannel.redis(vertx, pooled, RedisCluster.shared().options(), channelName);
    channels.add(channel);
    return Revocations.redis(vertx, pooled, keyPrefix, channel, Duration.ofHours(1));
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    channels.forEach(channel -> channel.close().await());
    clients.forEach(client -> client.close().await());
  }
}
