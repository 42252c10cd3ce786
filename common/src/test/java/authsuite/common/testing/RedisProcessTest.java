package authsuite.common.testing;

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
@DisplayName("RedisProcess: a redis-server of the test's own, killed and brought back on the same port with its data")
class RedisProcessTest {

  @Test
  @DisplayName("start answers PING, stop leaves the port dead, restart answers again with what was written before")
  void stopAndRestart(Vertx vertx) {
    try (RedisProcess redis = RedisProcess.start()) {
      assertThat(redis.isRunning()).isTrue();
      assertThat(LocalServer.answersRedisPing("127.0.0.1", redis.port())).isTrue();
      Redis client = Redis.createClient(vertx, redis.url());
      client.send(Request.cmd(Command.SET, "kept", "yes")).await();
      client.close();

      redis.stop();
      assertThat(redis.isRunning()).isFalse();
      assertThat(LocalServer.answersRedisPing("127.0.0.1", redis.port())).isFalse();

      redis.restart();
      Redis again = Redis.createClient(vertx, redis.url());
      assertThat(again.send(Request.cmd(Command.GET, "kept")).await().toString()).isEqualTo("yes");
      again.close();
    }
  }
}
