package authsuite.session;

import authsuite.common.testing.Eventually;
import authsuite.common.testing.RedisProcess;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Redis killed mid-test and brought back: JWTs keep validating degraded, opaque ids get a fast 503, and it recovers by itself")
class StoreOutageTest {
  /**
   * The Redis timeout the service runs with: an open circuit answers without waiting for it. A bound this
   * wide says "did not call the hung Redis" on any machine, where a tight one measured only the machine.
   */
  private static final long REDIS_TIMEOUT_MS = 500;
  private RedisProcess redis;
  private SessionFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisProcess.start();
    fixture = new SessionFixture(vertx);
    fixture.redisUrl = redis.url();
    fixture.start(fixture.config()
        .put(SessionSettings.BREAKER_RESET_MS, "1000")
        .put(SessionSettings.REDIS_TIMEOUT_MS, String.valueOf(REDIS_TIMEOUT_MS)));
  }

  @AfterEach
  void stop() {
    redis.restart();
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName("during the outage JWTs are valid with degraded: true, opaque ids are 503 with Retry-After (without waiting for the Redis timeout once open); after the restart all is normal")
  void outageAndRecovery() {
    String sessionId = fixture.createSession("olga");
    String token = TestTokens.primary(TestTokens.primaryClaims("olga"));
    String emergency = TestTokens.emergency(TestTokens.emergencyClaims("olga"));
    assertThat(fixture.validateSessionId(sessionId).getBoolean("valid")).isTrue();
    HttpResponse<Buffer> before = validateJwt(token);
    assertThat(before.bodyAsJsonObject().getJsonObject("session").getBoolean("degraded")).isFalse();
    assertThat(before.getHeader("X-Auth-Degraded")).isNull();

    redis.stop();

    // the first calls find Redis gone (each one a 503, never "invalid"); after a few the circuit opens
    for (int i = 0; i < 5; i++) {
      assertStoreUnavailable(validateSessionId(sessionId));
    }
    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      HttpResponse<Buffer> answer = validateSessionId(sessionId);
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertStoreUnavailable(answer);
      assertThat(tookMs).as("an opaque id answered with the circuit open").isLessThan(REDIS_TIMEOUT_MS);
    }
    assertStoreUnavailable(fixture.internalPost("/api/v1/session/create", new JsonObject().put("user_id", "olga")));

    for (String jwt : new String[] {token, emergency}) {
      HttpResponse<Buffer> degraded = validateJwt(jwt);
      JsonObject body = degraded.bodyAsJsonObject();
      assertThat(body.getBoolean("valid")).isTrue();
      assertThat(body.getJsonObject("session").getBoolean("degraded")).isTrue();
      assertThat(body.getBoolean("degraded")).isTrue();
      assertThat(degraded.getHeader("X-Auth-Degraded")).isEqualTo("true");
    }
    assertThat(validateJwt(emergency).bodyAsJsonObject().getString("source")).isEqualTo("emergency");

    redis.restart();

    JsonObject recovered = awaitValid(sessionId);
    assertThat(recovered.getJsonObject("session").getString("user_id")).isEqualTo("olga");
    HttpResponse<Buffer> after = validateJwt(token);
    assertThat(after.bodyAsJsonObject().getJsonObject("session").getBoolean("degraded")).isFalse();
    assertThat(after.getHeader("X-Auth-Degraded")).isNull();
    assertThat(fixture.createSession("olga")).isNotBlank();
  }

  @Test
  @DisplayName("with only JWT traffic the circuit still closes by itself once Redis is back")
  void recoversWithoutOpaqueTraffic() throws InterruptedException {
    String token = TestTokens.primary(TestTokens.primaryClaims("pia"));
    String sessionId = fixture.createSession("pia");
    redis.stop();
    for (int i = 0; i < 5; i++) {
      validateSessionId(sessionId);
    }
    assertThat(validateJwt(token).getHeader("X-Auth-Degraded")).isEqualTo("true");
    redis.restart();
    Eventually.until("the circuit closes within 10 s of Redis' return", () -> validateJwt(token).getHeader("X-Auth-Degraded") == null,
        Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("idle through a Redis restart: the first session validation once Redis is back is answered from Redis, not 503 from a connection that died with the old one")
  void idleThroughRestart() {
    String sessionId = fixture.createSession("rita");
    assertThat(fixture.validateSessionId(sessionId).getBoolean("valid")).isTrue();
    redis.stop();
    redis.restart();
    HttpResponse<Buffer> first = validateSessionId(sessionId);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getJsonObject("session").getString("user_id")).isEqualTo("rita");
  }

  @Test
  @DisplayName("a hung Redis (SIGSTOP): calls give up after the Redis timeout with 503, then the open circuit answers without waiting for it; thawed, it recovers")
  void hungRedis() {
    String sessionId = fixture.createSession("quinn");
    redis.freeze();
    try {
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        assertStoreUnavailable(validateSessionId(sessionId));
        assertThat((System.nanoTime() - started) / 1_000_000).as("a call waits no longer than the Redis timeout")
            .isLessThan(2_000);
      }
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        assertStoreUnavailable(validateSessionId(sessionId));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(REDIS_TIMEOUT_MS);
      }
      assertThat(validateJwt(TestTokens.primary(TestTokens.primaryClaims("quinn"))).getHeader("X-Auth-Degraded")).isEqualTo("true");
    } finally {
      redis.thaw();
    }
    assertThat(awaitValid(sessionId).getJsonObject("session").getString("user_id")).isEqualTo("quinn");
  }

  private HttpResponse<Buffer> validateSessionId(String sessionId) {
    return fixture.post(SessionFixture.VALIDATE).putHeader("X-Session-ID", sessionId).send().await();
  }

  private HttpResponse<Buffer> validateJwt(String token) {
    HttpResponse<Buffer> response = fixture.post(SessionFixture.VALIDATE).putHeader("X-Integration-Layer", "true")
        .putHeader("Authorization", "Bearer " + token).send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response;
  }

  private static void assertStoreUnavailable(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isNotBlank();
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("session_store_unavailable");
  }

  private JsonObject awaitValid(String sessionId) {
    // validation resumes within 10 s of Redis' return, refusing with 503 until then
    HttpResponse<Buffer> resumed = Eventually.until(() -> {
      HttpResponse<Buffer> response = validateSessionId(sessionId);
      if (response.statusCode() != 200) {
        assertStoreUnavailable(response);
      }
      return response;
    }, response -> response.statusCode() == 200, Duration.ofSeconds(10));
    JsonObject body = resumed.bodyAsJsonObject();
    assertThat(body.getBoolean("valid")).as(body.encode()).isTrue();
    return body;
  }
}
