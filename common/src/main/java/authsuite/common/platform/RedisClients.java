package authsuite.common.platform;

import authsuite.common.config.RedisSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

/** Redis clients from configuration: standalone, sentinel or cluster. */
public final class RedisClients {
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, RedisSettings settings) {
    return Redis.createClient(vertx, options(settings));
  }

  public static RedisOptions options(RedisSettings settings) {
    RedisOptions options = new RedisOptions()
        .setEndpoints(settings.urls())
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(256)
        .setMaxWaitingHandlers(1024)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpKeepAlive(true));
    return switch (settings.mode()) {
      case STANDALONE -> options.setType(RedisClientType.STANDALONE);
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setMasterName(settings.masterName()).setRole(RedisRole.MASTER);
      case CLUSTER -> options.setType(RedisClientType.CLUSTER);
    };
  }
}
