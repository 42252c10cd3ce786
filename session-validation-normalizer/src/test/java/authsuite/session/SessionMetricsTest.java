package authsuite.session;

import authsuite.common.testing.MetricsText;
import authsuite.common.testing.RedisProcess;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/metrics of the normalizer counts session checks by source and outcome, and shows the session store's circuit")
class SessionMetricsTest {
  private static final String SERVICE = "session-validation-normalizer";
  private static final String CHECKS = "authsuite_session_validations_total";
  private RedisProcess redis;
  private SessionFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    redis = RedisProcess.start();
    fixture = new SessionFixture(vertx);
    fixture.redisUrl = redis.url();
    fixture.start(fixture.config().put(SessionSettings.BREAKER_RESET_MS, "60000").put(SessionSettings.REDIS_TIMEOUT_MS, "500"));
  }

  @AfterEach
  void stop() {
    redis.restart();
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName("valid and invalid checks by source; Redis stopped: 503s are unavailable, JWTs degraded, the store's circuit leaves closed")
  void checksThroughAnOutage() {
    String sessionId = fixture.createSession("mia");
    String token = TestTokens.primary(TestTokens.primaryClaims("mia"));
    assertThat(fixture.validateSessionId(sessionId).getBoolean("valid")).isTrue();
    assertThat(validateJwt(token).getBoolean("valid")).isTrue();
    assertThat(validateJwt(TestTokens.primary(TestTokens.primaryClaims("mia")) + "x").getBoolean("valid")).isFalse();

    MetricsText healthy = scrape();
    assertThat(healthy.value(CHECKS, "service", SERVICE, "source", "redis_session", "outcome", "valid")).isEqualTo(1.0);
    assertThat(healthy.value(CHECKS, "service", SERVICE, "source", "jwt", "outcome", "valid")).isEqualTo(1.0);
    assertThat(healthy.value(CHECKS, "service", SERVICE, "source", "jwt", "outcome", "invalid")).isEqualTo(1.0);
    // the JWT core counts the same check by its reason (a tampered signature: bad_signature or malformed)
    assertThat(healthy.count("authsuite_token_validations_total", "service", SERVICE, "outcome", "invalid")).isEqualTo(1.0);
    assertThat(healthy.value("authsuite_circuit_state", "service", SERVICE, "target", "session_store", "state", "closed")).isEqualTo(1.0);

    redis.stop();
    for (int i = 0; i < 5; i++) {
      assertThat(fixture.validate(request -> request.putHeader("X-Session-ID", sessionId)).statusCode()).isEqualTo(503);
    }
    assertThat(validateJwt(token).getJsonObject("session").getBoolean("degraded")).isTrue();

    MetricsText outage = scrape();
    assertThat(outage.value(CHECKS, "service", SERVICE, "source", "redis_session", "outcome", "unavailable")).isEqualTo(5.0);
    assertThat(outage.value(CHECKS, "service", SERVICE, "source", "jwt", "outcome", "degraded")).isEqualTo(1.0);
    assertThat(outage.value("authsuite_circuit_state", "service", SERVICE, "target", "session_store", "state", "open")).isEqualTo(1.0);
    assertThat(outage.value("authsuite_circuit_transitions_total", "service", SERVICE, "target", "session_store", "to", "open"))
        .isEqualTo(1.0);
    assertThat(outage.text()).doesNotContain(sessionId).doesNotContain("mia");
  }

  private io.vertx.core.json.JsonObject validateJwt(String token) {
    return SessionFixture.ok(fixture.validate(request -> request.putHeader("Authorization", "Bearer " + token)));
  }

  private MetricsText scrape() {
    return MetricsText.scrape(fixture.client, fixture.service.port());
  }
}
