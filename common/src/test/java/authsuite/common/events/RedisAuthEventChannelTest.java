package authsuite.common.events;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisAuthEventChannelTest extends AuthEventChannelContractTest {

  private static final int RESUBSCRIBE_PATIENCE_MS = 10_000;

  private final String keyPrefix = TestRedis.uniqueKeyPrefix();
  private final String subscriberName = "authsuite-test-" + UUID.randomUUID().toString().substring(0, 8);
  private Redis publisher;
  private Redis raw;

  @Override
  protected AuthEventChannel open(Vertx vertx) {
    publisher = Redis.createClient(vertx, TestRedis.url());
    raw = Redis.createClient(vertx, TestRedis.url());
    return AuthEventChannel.redis(vertx, publisher, namedSubscriber(subscriberName), channelName);
  }

  @Override
  protected void publishRaw(Vertx vertx, String payload) {
    raw.send(Request.cmd(Command.PUBLISH, channelName, payload)).await();
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    publisher.close().await();
    raw.close().await();
    TestRedis.deleteKeys(vertx, TestRedis.url(), keyPrefix).await();
  }

  @Test
  @DisplayName("two channels on separate Redis clients hear each other, in both directions")
  void acrossTwoClients(Vertx vertx) {
    Redis otherPublisher = Redis.createClient(vertx, TestRedis.url());
    AuthEventChannel other = AuthEventChannel.redis(vertx, otherPublisher, namedSubscriber("other"), channelName);
    try {
      EventInbox here = new EventInbox();
      EventInbox there = new EventInbox();
      channel.subscribe(here).await();
      other.subscribe(there).await();

      channel.publish(AuthEvent.of("revoke_user", new JsonObject().put("user_id", "42"), "here")).await();
      assertThat(there.next().origin()).isEqualTo("here");
      assertThat(here.next().origin()).isEqualTo("here");

      other.publish(AuthEvent.of("revoke_user", new JsonObject().put("user_id", "42"), "there")).await();
      assertThat(here.next().origin()).isEqualTo("there");
      assertThat(there.next().origin()).isEqualTo("there");
    } finally {
      other.close().await();
      otherPublisher.close().await();
    }
  }

  @Test
  @DisplayName("when the subscriber connection drops, the channel resubscribes and events arrive again")
  void resubscribesAfterADrop(Vertx vertx) {
    EventInbox inbox = new EventInbox();
    channel.subscribe(inbox).await();
    String killedId = subscriberClientId().orElseThrow();

    raw.send(Request.cmd(Command.CLIENT, "KILL", "ID", killedId)).await();
    awaitResubscribed(vertx, killedId);
    channel.publish(AuthEvent.of("logout", new JsonObject(), "test/1")).await();

    assertThat(inbox.next().type()).isEqualTo("logout");
  }

  @Test
  @DisplayName("after a drop, the resubscribe handler runs once the channel listens again, so missed state can be reloaded")
  void tellsSubscribersWhenResubscribed(Vertx vertx) {
    CountDownLatch resubscribed = new CountDownLatch(1);
    channel.subscribe(new EventInbox(), v -> resubscribed.countDown()).await();
    String killedId = subscriberClientId().orElseThrow();

    raw.send(Request.cmd(Command.CLIENT, "KILL", "ID", killedId)).await();

    assertThat(awaitLatch(resubscribed)).as("resubscribe handler ran").isTrue();
    assertThat(subscriberClientId()).isPresent().get().isNotEqualTo(killedId);
  }

  @Test
  @DisplayName("with Redis unreachable, publish and subscribe fail as 'redis unavailable'")
  void redisDownIsDependencyUnavailable(Vertx vertx) {
    String closedPort = "redis://127.0.0.1:1";
    Redis unreachable = Redis.createClient(vertx, closedPort);
    AuthEventChannel down = AuthEventChannel.redis(vertx, unreachable,
      new RedisOptions().setConnectionString(closedPort), channelName);
    try {
      assertThatThrownBy(() -> down.publish(AuthEvent.of("logout", null, "test/1")).await())
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageStartingWith("redis unavailable: ");
      assertThatThrownBy(() -> down.subscribe(new EventInbox()).await())
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageStartingWith("redis unavailable: ");
    } finally {
      down.close().await();
      unreachable.close().await();
    }
  }

  private static boolean awaitLatch(CountDownLatch latch) {
    try {
      return latch.await(RESUBSCRIBE_PATIENCE_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static RedisOptions namedSubscriber(String name) {
    return new RedisOptions().setConnectionString(TestRedis.url() + "?client=" + name);
  }

  /** The id of our subscriber connection, found by the name it gave Redis, once it is in subscribe mode. */
  private Optional<String> subscriberClientId() {
    String clients = raw.send(Request.cmd(Command.CLIENT, "LIST", "TYPE", "pubsub")).await().toString();
    return clients.lines()
      .filter(line -> line.contains(" name=" + subscriberName + " ") && line.contains(" sub=1 "))
      .map(line -> Arrays.stream(line.split(" ")).filter(f -> f.startsWith("id=")).findFirst().orElseThrow().substring(3))
      .findFirst();
  }

  private void awaitResubscribed(Vertx vertx, String killedId) {
    Eventually.until(vertx, "the channel resubscribes", () -> subscriberClientId().filter(id -> !id.equals(killedId)).isPresent(),
        Duration.ofMillis(RESUBSCRIBE_PATIENCE_MS));
  }
}
