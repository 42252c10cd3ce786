package authsuite.common.events;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthEventTest {

  @Test
  @DisplayName("an event survives the trip to JSON and back")
  void jsonRoundTrip() {
    AuthEvent event = new AuthEvent("revoke_session", new JsonObject().put("session_id", "s-1"), "jwt-token-adapter/1",
      Instant.parse("2026-11-22T10:00:00.123Z"));

    assertThat(AuthEvent.fromJson(event.toJson())).isEqualTo(event);
    assertThat(event.toJson().getString("at")).isEqualTo("2026-11-22T10:00:00.123Z");
  }

  @Test
  @DisplayName("of() stamps the event with the current time and an absent data becomes an empty object")
  void ofStampsNow() {
    Instant before = Instant.now();

    AuthEvent event = AuthEvent.of("logout", null, null);

    assertThat(event.at()).isAfterOrEqualTo(before);
    assertThat(event.data()).isEqualTo(new JsonObject());
    assertThat(AuthEvent.fromJson(event.toJson())).isEqualTo(event);
  }

  @Test
  @DisplayName("JSON that is not an auth event is rejected with IllegalArgumentException")
  void rejectsNonEvents() {
    String at = Instant.now().toString();
    assertThatThrownBy(() -> AuthEvent.fromJson(new JsonObject().put("at", at)))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthEvent.fromJson(new JsonObject().put("type", 5).put("at", at)))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthEvent.fromJson(new JsonObject().put("type", "logout").put("at", "yesterday")))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthEvent.fromJson(new JsonObject().put("type", "logout").put("at", at).put("data", "x")))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
