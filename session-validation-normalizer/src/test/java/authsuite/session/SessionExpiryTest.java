package authsuite.session;

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
  private static final long IDLE_MS = 3_000;
  private static final long ABSOLUTE_MS = 7_000;
  private SessionFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new SessionFixture(vertx);
    fixture.start(fixture.config()
        .put(SessionSettings.IDLE_TIMEOUT_S, String.valueOf(IDLE_MS / 1000))
        .put(SessionSettings.ABSOLUTE_TIMEOUT_S, String.valueOf(ABSOLUTE_MS / 1000)));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a session used every 700 ms outlives its 3 s idle timeout, and ends at its 7 s absolute lifetime")
  void slidingThenAbsolute() throws InterruptedException {
    Instant created = Instant.now();
    String sessionId = fixture.createSession("slider");
    JsonObject first = fixture.validateSessionId(sessionId);
    assertThat(first.getBoolean("valid")).isTrue();
    Instant absolute = Instant.parse(first.getJsonObject("session").getString("absolute_expires_at"));
    assertThat(absolute).isBetween(created.plusMillis(ABSOLUTE_MS - 1_000), created.plusMillis(ABSOLUTE_MS));

    // used every 700 ms: well past the idle timeout it is still valid, until the absolute deadline
    while (Instant.now().isBefore(absolute.minusMillis(300))) {
      JsonObject used = fixture.validateSessionId(sessionId);
      assertThat(used.getBoolean("valid")).as("used at %s, absolute deadline %s", Instant.now(), absolute).isTrue();
      assertThat(Instant.parse(used.getJsonObject("session").getString("expires_at"))).isBeforeOrEqualTo(absolute);
      Thread.sleep(700);
    }
    assertThat(Duration.between(created, Instant.now()).toMillis()).isGreaterThan(IDLE_MS + 1_000);

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), absolute).toMillis()) + 100);
    JsonObject after = fixture.validateSessionId(sessionId);
    assertThat(after.getBoolean("valid")).isFalse();
    assertThat(after.getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("a session left unused past its idle timeout is expired, though its absolute lifetime has not passed")
  void idleExpiry() throws InterruptedException {
    String sessionId = fixture.createSession("idler");
    assertThat(fixture.validateSessionId(sessionId).getBoolean("valid")).isTrue();
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
    Thread.sleep(1_400);
    assertThat(fixture.validateSessionId(sessionId).getString("reason")).isEqualTo("session_expired");
  }
}
