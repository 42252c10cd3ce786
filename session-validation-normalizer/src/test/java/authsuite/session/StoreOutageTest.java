package authsuite.session;

import authsuite.common.metrics.CircuitMeters;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.MetricsText;
import authsuite.common.testing.RedisProcess;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(180)
@ExtendWith(VertxExtension.class)
@DisplayName("Redis killed mid-test and brought back: JWTs keep validating degraded, opaque ids get a 503 (from the open circuit once it opens), and it recovers by itself")
class StoreOutageTest {
  /** The Redis timeout the service runs with. */
  private static final long REDIS_TIMEOUT_MS = 500;
  /**
   * How long the circuit stays open before it lets a trial call through: long enough that the calls a test makes
   * while it is open are all answered by the open circuit, which answers without calling Redis.
   */
  private static final long BREAKER_RESET_MS = 5_000;
  /** Waits for recovery: bounds on the test, not speeds asserted. */
  private static final Duration RECOVERY_PATIENCE = Duration.ofSeconds(30);
  private RedisProcess redis;
  private SessionFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisProcess.start();
    fixture = new SessionFixture(vertx);
    fixture.redisUrl = redis.url();
    fixture.start(fixture.config()
        .put(SessionSettings.BREAKER_RESET_MS, String.valueOf(BREAKER_RESET_MS))
        .put(SessionSettings.REDIS_TIMEOUT_MS, String.valueOf(REDIS_TIMEOUT_MS)));
  }

  @AfterEach
  void stop() {
    redis.restart();
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName("during the outage JWTs are valid with degraded: true, opaque ids are 503 with Retry-After (from the open circuit once it opens); after the restart all is normal")
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
      assertAnsweredByOpenCircuit(sessionId);
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
    Eventually.until("the circuit closes once Redis is back", () -> validateJwt(token).getHeader("X-Auth-Degraded") == null,
        RECOVERY_PATIENCE);
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
  @DisplayName("a hung Redis (SIGSTOP): calls give up with 503 while it hangs, then the open circuit answers them; thawed, it recovers")
  void hungRedis() {
    String sessionId = fixture.createSession("quinn");
    redis.freeze();
    try {
      // each call gives up with a 503 while Redis still hangs (frozen until the finally below): one that waited on
      // Redis would hang until the test's timeout
      for (int i = 0; i < 3; i++) {
        assertStoreUnavailable(validateSessionId(sessionId));
      }
      for (int i = 0; i < 3; i++) {
        assertAnsweredByOpenCircuit(sessionId);
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

  /**
   * A 503 answered while the store's circuit was open before and after the call: by the open circuit, which does not
   * call Redis. How fast such answers are is not asserted here.
   */
  private void assertAnsweredByOpenCircuit(String sessionId) {
    assertThat(circuit()).as("the session store's circuit before the call").isEqualTo("open");
    assertStoreUnavailable(validateSessionId(sessionId));
    assertThat(circuit()).as("the session store's circuit after the call").isEqualTo("open");
  }

  /** The session store's circuit state, as /metrics has it. */
  private String circuit() {
    MetricsText metrics = MetricsText.scrape(fixture.client, fixture.service.port());
    return Stream.of(CircuitMeters.CLOSED, CircuitMeters.OPEN, CircuitMeters.HALF_OPEN)
        .filter(state -> Double.valueOf(1.0).equals(metrics.value("authsuite_circuit_state", "target", "session_store", "state", state)))
        .findFirst().orElse("unknown: " + metrics.text().lines().filter(line -> line.contains("circuit")).toList());
  }

  private static void assertStoreUnavailable(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isNotBlank();
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("session_store_unavailable");
  }

  private JsonObject awaitValid(String sessionId) {
    // validation resumes once Redis is back, refusing with 503 until then
    HttpResponse<Buffer> resumed = Eventually.until(() -> {
      HttpResponse<Buffer> response = validateSessionId(sessionId);
      if (response.statusCode() != 200) {
        assertStoreUnavailable(response);
      }
      return response;
    }, response -> response.statusCode() == 200, RECOVERY_PATIENCE);
    JsonObject body = resumed.bodyAsJsonObject();
    assertThat(body.getBoolean("valid")).as(body.encode()).isTrue();
    return body;
  }
}
