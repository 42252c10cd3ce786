package authsuite.session;

import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Embedded (no Redis): sessions live in memory and behave the same")
class EmbeddedSessionsTest {
  private SessionFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new SessionFixture(vertx).start(TestServices.embeddedConfig());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("create, validate in two forms, list, revoke one and revoke the user")
  void lifecycle() {
    String first = fixture.createSession("emma");
    String second = fixture.createSession("emma");
    assertThat(fixture.validateSessionId(first).getJsonObject("session").getString("user_id")).isEqualTo("emma");
    assertThat(SessionFixture.ok(fixture.validate(r -> r.putHeader("Cookie", "session_id=" + second))).getBoolean("valid")).isTrue();
    JsonObject info = SessionFixture.ok(fixture.get("/api/v1/session/info").putHeader("X-Session-ID", first).send().await());
    assertThat(info.getJsonArray("other_sessions")).hasSize(1);
    assertThat(info.getJsonArray("other_sessions").getJsonObject(0).getString("handle")).isNotBlank();
    assertThat(info.encode()).doesNotContain(second);

    fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("session_id", first));
    assertThat(fixture.validateSessionId(first).getString("reason")).isEqualTo("revoked");
    fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("user_id", "emma"));
    assertThat(fixture.validateSessionId(second).getString("reason")).isEqualTo("revoked");
  }
}
