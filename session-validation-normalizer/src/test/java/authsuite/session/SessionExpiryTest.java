package authsuite.session;

import authsuite.common.testing.TestClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Redis sessions slide their idle timeout on use, but never outlive their absolute lifetime")
class SessionExpiryTest {
  private static final long IDLE_MS = 2_000;
  private static final long ABSOLUTE_MS = 7_000;
  /** The service's clock: the absolute lifetime is read on it, so the test advances it instead of waiting. */
  private final TestClock clock = new TestClock();
  private SessionFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new SessionFixture(vertx);
    fixture.start(fixture.config()
        .put(SessionSettings.IDLE_TIMEOUT_S, String.valueOf(IDLE_MS / 1000))
        .put(SessionSettings.ABSOLUTE_TIMEOUT_S, String.valueOf(ABSOLUTE_MS / 1000)), clock);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a session used every 700 ms outlives its 2 s idle timeout, and ends at its 7 s absolute lifetime")
  void slidingThenAbsolute() {
    Instant created = clock.instant();
    String sessionId = fixture.createSession("slider");
    JsonObject first = fixture.validateSessionId(sessionId);
    assertThat(first.getBoolean("valid")).isTrue();
    Instant absolute = Instant.parse(first.getJsonObject("session").getString("absolute_expires_at"));
    assertThat(absolute).isBetween(created.plusMillis(ABSOLUTE_MS - 1_000), created.plusMillis(ABSOLUTE_MS));

    // used every 700 ms (of the service's clock): well past the idle timeout it is still valid, until the absolute deadline
    while (clock.instant().isBefore(absolute.minusMillis(300))) {
      JsonObject used = fixture.validateSessionId(sessionId);
      assertThat(used.getBoolean("valid")).as("used at %s, absolute deadline %s", clock.instant(), absolute).isTrue();
      assertThat(Instant.parse(used.getJsonObject("session").getString("expires_at"))).isBeforeOrEqualTo(absolute);
      clock.advance(Duration.ofMillis(700));
    }
    assertThat(Duration.between(created, clock.instant()).toMillis()).isGreaterThan(IDLE_MS + 1_000);

    clock.advance(Duration.ofMillis(Math.max(0, Duration.between(clock.instant(), absolute).toMillis()) + 100));
    JsonObject after = fixture.validateSessionId(sessionId);
    assertThat(after.getBoolean("valid")).isFalse();
    assertThat(after.getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("a session left unused past its idle timeout is expired, though its absolute lifetime has not passed")
  void idleExpiry() throws InterruptedException {
    String sessionId = fixture.createSession("idler");
    assertThat(fixture.validateSessionId(sessionId).getBoolean("valid")).isTrue();
    // not an event wait: the idle expiry is the Redis key's own TTL, which runs on Redis's real time, not the clock's
    Thread.sleep(IDLE_MS + 400);
    JsonObject after = fixture.validateSessionId(sessionId);
    assertThat(after.getBoolean("valid")).isFalse();
    assertThat(after.getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("a per-session idle_timeout_s given at create replaces the configured one")
  void perSessionIdleTimeout() throws InterruptedException {
    String sessionId = fixture.createSession(new JsonObject().put("user_id", "short").put("idle_timeout_s", 1));
    JsonObject session = fixture.validateSessionId(sessionId).getJsonObject("session");
    assertThat(session.getLong("idle_timeout_s")).isEqualTo(1);
    // not an event wait: the idle expiry is the Redis key's own TTL (real time); 1.4 s is short of the configured 2 s
    Thread.sleep(1_400);
    assertThat(fixture.validateSessionId(sessionId).getString("reason")).isEqualTo("session_expired");
  }
}
