package authsuite.fallback;

import authsuite.common.events.ModeChange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

@ExtendWith(VertxExtension.class)
@DisplayName("Sign-in attempts are limited per account and per client address, in Redis or, without it, in memory")
class RateLimitTest {
  private FallbackFixture fixture;

  @BeforeEach
  void create(Vertx vertx) throws Exception {
    fixture = newFixture(vertx);
  }

  /** The fixture these tests run on; a subclass runs them again on a Redis Cluster. */
  protected FallbackFixture newFixture(Vertx vertx) throws Exception {
    return new FallbackFixture(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("the 6th wrong password within a minute for one username is 429 with Retry-After (counted in Redis)")
  void sixthWrongPasswordIsLimited() {
    fixture.start();
    fixture.forceMode(ModeChange.DEGRADED);

    assertSixthIsLimited("alice");
    assertThat(redisKeys()).as("the counters live in Redis, under the service's prefix").isNotEmpty();
  }

  @Test
  @DisplayName("20 wrong passwords at once for one username: exactly 5 are checked, 15 are 429 (the count is atomic)")
  void concurrentGuesses() {
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true").put("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", "100"));
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(fixture.client.post(fixture.service.port(), "127.0.0.1", "/api/v1/fallback/emergency-auth")
          .sendJsonObject(new JsonObject().put("username", "alice").put("password", "guess-" + i)));
    }
    Future.join(sent).await();

    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses.stream().filter(s -> s == 401)).hasSize(5);
    assertThat(statuses.stream().filter(s -> s == 429)).hasSize(15);
  }

  @Test
  @DisplayName("with Redis down the same limit holds, counted in memory")
  void sixthWrongPasswordIsLimitedWithoutRedis() {
    assumeFalse(fixture.cluster, "Redis is taken away through the outage proxy, which stands before the single Redis only");
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true"));
    fixture.redisProxy.cutOff().await();

    assertSixthIsLimited("carol");
    assertThat(redisKeys()).isEmpty();
  }

  @Test
  @DisplayName("one address trying many usernames is limited too, by FALLBACK_ADDRESS_ATTEMPTS_PER_MIN")
  void perAddress() {
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true").put("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", "3"));

    for (int i = 0; i < 3; i++) {
      assertThat(fixture.signIn("someone-" + i, "guess").statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> fourth = fixture.signIn("someone-else", "guess");
    assertThat(fourth.statusCode()).isEqualTo(429);
    assertThat(fourth.bodyAsJsonObject().getString("detail")).contains("address");
  }

  @Test
  @DisplayName("behind a trusted proxy the client is the X-Forwarded-For address: limited and audited as such")
  void forwardedFromATrustedProxy() {
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true").put("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", "2")
        .put("FALLBACK_TRUSTED_PROXIES", "127.0.0.1"));

    assertThat(signInFrom("203.0.113.9, 127.0.0.1", "u1").statusCode()).isEqualTo(401);
    assertThat(signInFrom("203.0.113.9", "u2").statusCode()).isEqualTo(401);
    assertThat(signInFrom("203.0.113.9", "u3").statusCode()).isEqualTo(429);
    assertThat(signInFrom("198.51.100.7", "u4").statusCode()).as("another client behind the same proxy").isEqualTo(401);
    assertThat(fixture.auditRows().stream().map(r -> r.getString("client_address")))
        .containsExactlyInAnyOrder("203.0.113.9", "203.0.113.9", "203.0.113.9", "198.51.100.7");
  }

  @Test
  @DisplayName("from anyone else X-Forwarded-For is ignored: a new forged address per guess does not reset the limit")
  void forwardedFromAnyoneElse() {
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true").put("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", "2"));

    assertThat(signInFrom("203.0.113.1", "u1").statusCode()).isEqualTo(401);
    assertThat(signInFrom("203.0.113.2", "u2").statusCode()).isEqualTo(401);
    assertThat(signInFrom("203.0.113.3", "u3").statusCode()).isEqualTo(429);
    assertThat(fixture.auditRows().stream().map(r -> r.getString("client_address"))).containsOnly("127.0.0.1");
  }

  private HttpResponse<Buffer> signInFrom(String forwardedFor, String username) {
    return fixture.client.post(fixture.service.port(), "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .putHeader("X-Forwarded-For", forwardedFor)
        .sendJsonObject(new JsonObject().put("username", username).put("password", "guess")).await();
  }

  private void assertSixthIsLimited(String username) {
    for (int i = 1; i <= 5; i++) {
      assertThat(fixture.signIn(username, "wrong-" + i).statusCode()).as("attempt " + i).isEqualTo(401);
    }
    HttpResponse<Buffer> sixth = fixture.signIn(username, "wrong-6");
    assertThat(sixth.statusCode()).isEqualTo(429);
    assertThat(sixth.bodyAsJsonObject().getString("code")).isEqualTo("too_many_attempts");
    assertThat(Integer.parseInt(sixth.getHeader("Retry-After"))).isBetween(1, 60);
    assertThat(fixture.signIn(username, FallbackFixture.PASSWORD).statusCode())
        .as("the right password does not get past the limit either").isEqualTo(429);
    assertThat(fixture.signIn("dave", FallbackFixture.PASSWORD).statusCode()).as("other users are not affected").isEqualTo(200);
  }

  private List<String> redisKeys() {
    List<String> keys = new ArrayList<>();
    fixture.redis.send(Request.cmd(Command.KEYS, fixture.prefix + "fallback:attempts:*")).await().forEach(k -> keys.add(k.toString()));
    return keys;
  }
}
