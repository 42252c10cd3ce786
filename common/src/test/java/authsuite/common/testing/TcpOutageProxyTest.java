package authsuite.common.testing;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("TcpOutageProxy takes a real server away from its clients and gives it back")
class TcpOutageProxyTest {

  @Test
  @DisplayName("Redis through the proxy: answers, then open and new connections fail, then answers again")
  void redis(Vertx vertx) {
    TcpOutageProxy proxy = TcpOutageProxy.forUrl(vertx, TestRedis.url()).await();
    Redis redis = Redis.createClient(vertx, proxy.proxied(TestRedis.url()));
    try {
      assertThat(redis.send(Request.cmd(Command.PING)).await().toString()).isEqualTo("PONG");

      proxy.cutOff().await();
      assertThatThrownBy(() -> redis.send(Request.cmd(Command.PING)).await()).isInstanceOf(Throwable.class);
      assertThatThrownBy(() -> Redis.createClient(vertx, proxy.proxied(TestRedis.url())).connect().await())
          .isInstanceOf(Throwable.class);

      proxy.restore();
      assertThat(redis.send(Request.cmd(Command.PING)).await().toString()).isEqualTo("PONG");
    } finally {
      redis.close().await();
      proxy.close().await();
    }
  }

  @Test
  @DisplayName("PostgreSQL through the proxy, user and database kept in the proxied URL")
  void postgres(Vertx vertx) {
    TcpOutageProxy proxy = TcpOutageProxy.forUrl(vertx, TestPostgres.url()).await();
    Pool pool = PgBuilder.pool()
        .connectingTo(PgConnectOptions.fromUri(proxy.proxied(TestPostgres.url())))
        .using(vertx).build();
    try {
      assertThat(pool.query("SELECT 1").execute().await().iterator().next().getInteger(0)).isOne();
      proxy.cutOff().await();
      assertThatThrownBy(() -> pool.query("SELECT 1").execute().await()).isInstanceOf(Throwable.class);
      proxy.restore();
      assertThat(firstAnswerAfterRestore(vertx, pool)).isEqualTo(2);
    } finally {
      pool.close().await();
      proxy.close().await();
    }
  }

  /**
   * The pool learns that the cut connection closed asynchronously, so the first query after the restore
   * may still be handed that connection; a client sees one more failure at most, then answers.
   */
  private static int firstAnswerAfterRestore(Vertx vertx, Pool pool) {
    return Eventually.until(vertx, () -> pool.query("SELECT 2").execute().map(rows -> rows.iterator().next().getInteger(0))
        .otherwise(stale -> null).await(), Objects::nonNull, Duration.ofSeconds(3));
  }
}
