package authsuite.common.jwt.revocation;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.config.RedisSettings;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.platform.RedisClients;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationsRedisTest extends RevocationsContractTest {

  private static final String UNREACHABLE = "redis://127.0.0.1:1";
  private static final Duration NO_PERIODIC_RESYNC = Duration.ofHours(1);

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private final String channelName = "revocations-test-" + UUID.randomUUID();
  private final List<AuthEventChannel> channels = new ArrayList<>();
  private final List<Redis> clients = new ArrayList<>();

  @Override
  protected Revocations create(Vertx vertx) {
    return create(vertx, TestRedis.url(), subscriber("revocations-test"), NO_PERIODIC_RESYNC);
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    channels.forEach(channel -> channel.close().await());
    clients.forEach(client -> client.close().await());
    TestRedis.deleteKeys(vertx, TestRedis.url(), keyPrefix).await();
  }

  @Test
  @DisplayName("revocations live under one hash tag (cluster-safe): a user is a member of <prefix>{revocations}:user scored by until, plus its not-before")
  void keyLayout(Vertx vertx) {
    Redis raw = client(vertx, TestRedis.url());
    String user = id("u");
    Instant until = Instant.now().plus(Duration.ofHours(1));

    revocations.revokeUser(user, Instant.ofEpochSecond(1_800_000_000L), until).await();
    revocations.revokeUser(user, Instant.ofEpochSecond(1_700_000_000L), until.minusSeconds(600)).await();

    assertThat(raw.send(Request.cmd(Command.ZSCORE, keyPrefix + "{revocations}:user", user)).await().toLong())
      .isEqualTo(until.toEpochMilli());
    assertThat(raw.send(Request.cmd(Command.HGET, keyPrefix + "{revocations}:user:not-before", user)).await().toString())
      .isEqualTo("1800000000.000");
  }

  @Test
  @DisplayName("each write drops entries whose until has passed, so the sets do not grow without end")
  void expiredEntriesPruned(Vertx vertx) {
    Redis raw = client(vertx, TestRedis.url());
    String stale = id("jti");
    raw.send(Request.cmd(Command.ZADD, keyPrefix + "{revocations}:jti", System.currentTimeMillis() - 1_000, stale)).await();

    revocations.revokeToken(id("jti"), Instant.now().plusSeconds(60)).await();

    assertThat(raw.send(Request.cmd(Command.ZSCORE, keyPrefix + "{revocations}:jti", stale)).await()).isNull();
  }

  @Test
  @DisplayName("when its subscription drops and comes back, an instance reloads what it may have missed")
  void reloadsAfterResubscribing(Vertx vertx) {
    String subscriberName = "revocations-resub-" + UUID.randomUUID().toString().substring(0, 8);
    Revocations listening = create(vertx, TestRedis.url(), subscriber(subscriberName), NO_PERIODIC_RESYNC);
    listening.start().await();
    String jti = id("jti");
    Redis raw = client(vertx, TestRedis.url());
    try {
      writeBehindItsBack(raw, jti);
      assertThat(listening.isRevoked(jti, null, null, null, null)).isFalse();

      raw.send(Request.cmd(Command.CLIENT, "KILL", "ID", subscriberId(raw, subscriberName))).await();

      awaitTrue(vertx, () -> listening.isRevoked(jti, null, null, null, null), "reloaded after resubscribing", 5_000);
    } finally {
      listening.close().await();
    }
  }

  @Test
  @DisplayName("the periodic resync picks up a revocation whose event was never received")
  void periodicResync(Vertx vertx) {
    Revocations resyncing = create(vertx, TestRedis.url(), subscriber("revocations-periodic"), Duration.ofMillis(200));
    resyncing.start().await();
    String jti = id("jti");
    try {
      writeBehindItsBack(client(vertx, TestRedis.url()), jti);

      awaitTrue(vertx, () -> resyncing.isRevoked(jti, null, null, null, null), "picked up by the resync");
    } finally {
      resyncing.close().await();
    }
  }

  @Test
  @DisplayName("with Redis unreachable, start() succeeds, revoking fails as 'redis unavailable' and nothing is revoked")
  void redisDown(Vertx vertx) {
    Revocations down = create(vertx, UNREACHABLE, new RedisOptions().setConnectionString(UNREACHABLE),
      NO_PERIODIC_RESYNC);
    try {
      down.start().await();
      String jti = id("jti");

      assertThatThrownBy(() -> down.revokeToken(jti, Instant.now().plusSeconds(60)).await())
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageStartingWith("redis unavailable: ");
      assertThat(down.isRevoked(jti, null, null, null, null)).isFalse();
      assertThat(down.status().getString("loaded_at")).isNull();
    } finally {
      down.close().await();
    }
  }

  @Test
  @DisplayName("with its store unreachable, an instance still answers from its mirror, fed by events")
  void storeDownMirrorAnswers(Vertx vertx) {
    Revocations storeDown = create(vertx, UNREACHABLE, subscriber("revocations-store-down"), NO_PERIODIC_RESYNC);
    try {
      storeDown.start().await();
      String session = id("s");

      revocations.revokeSession(session, Instant.now().plusSeconds(60)).await();

      awaitTrue(vertx, () -> storeDown.isRevoked(null, session, null, null, null), "revoked from the mirror");
      assertThatThrownBy(() -> storeDown.revokeSession(id("s"), Instant.now().plusSeconds(60)).await())
        .isInstanceOf(DependencyUnavailableException.class);
    } finally {
      storeDown.close().await();
    }
  }

  /** The store's client on {@code storeUrl}; events always through {@code subscriberOptions}' server. */
  private Revocations create(Vertx vertx, String storeUrl, RedisOptions subscriberOptions, Duration resyncInterval) {
    Redis pooled = RedisClients.create(vertx,
      new RedisSettings(List.of(storeUrl), RedisSettings.Mode.STANDALONE, null, keyPrefix));
    clients.add(pooled);
    Redis publisher = storeUrl.equals(TestRedis.url()) ? pooled : client(vertx, TestRedis.url());
    AuthEventChannel channel = AuthEventChannel.redis(vertx, publisher, subscriberOptions, channelName);
    channels.add(channel);
    return Revocations.redis(vertx, pooled, keyPrefix, channel, resyncInterval);
  }

  private Redis client(Vertx vertx, String url) {
    Redis client = Redis.createClient(vertx, url);
    clients.add(client);
    return client;
  }

  /** A revocation in the store that no event announced, as one published while a subscriber was away. */
  private void writeBehindItsBack(Redis raw, String jti) {
    raw.send(Request.cmd(Command.ZADD, keyPrefix + "{revocations}:jti", System.currentTimeMillis() + 60_000, jti)).await();
  }

  private static RedisOptions subscriber(String name) {
    return new RedisOptions().setConnectionString(TestRedis.url() + "?client=" + name);
  }

  private static String subscriberId(Redis raw, String name) {
    String clients = raw.send(Request.cmd(Command.CLIENT, "LIST", "TYPE", "pubsub")).await().toString();
    return clients.lines()
      .filter(line -> line.contains(" name=" + name + " "))
      .flatMap(line -> Arrays.stream(line.split(" ")).filter(field -> field.startsWith("id=")))
      .map(field -> field.substring(3))
      .findFirst().orElseThrow(() -> new AssertionError("no subscriber connection named " + name));
  }
}
