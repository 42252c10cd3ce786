package authsuite.session;

import authsuite.common.testing.HostileText;
import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@DisplayName("Session ids, user ids, usernames and emails are identifiers: NUL, bidi controls, lone surrogates and non-NFC text are 400 naming the field")
class IdentifierRobustnessTest extends StartedServiceTest {

  private HttpResponse<Buffer> internalPost(String path, JsonObject body) {
    return fixture.post(path).putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx))
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(HostileText.json(body))).await();
  }

  private static void assertRefused(HttpResponse<Buffer> answer, String field, String what) {
    assertThat(answer.statusCode()).as("%s %s: %s", field, what, answer.bodyAsString()).isEqualTo(400);
    assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getString("code")).as("%s %s", field, what).isEqualTo("invalid_identifier");
    assertThat(answer.bodyAsJsonObject().getString("field")).as("%s %s", field, what).isEqualTo(field);
  }

  @Test
  @DisplayName("session/create refuses each hostile user_id, username and email, and creates no session")
  void create() {
    HostileText.identifiers().forEach((what, id) -> {
      for (String field : new String[] {"user_id", "username", "email"}) {
        JsonObject body = new JsonObject().put("user_id", "u-1").put(field, id);
        assertRefused(internalPost("/api/v1/session/create", body), field, what);
      }
    });
    // the look-alikes differ from the real ids only by what was refused: a NUL-suffixed "42" would have been a second "42"
    assertThat(internalPost("/api/v1/session/create", new JsonObject().put("user_id", "42")).statusCode()).isEqualTo(201);
    assertThat(internalPost("/api/v1/session/create", new JsonObject().put("user_id", "am\u00e9lie")).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("session/normalize with persist refuses a foreign session whose user id is no identifier")
  void normalizePersist() {
    HostileText.identifiers().forEach((what, id) -> {
      if (what.equals("blank")) {
        return; // the legacy shape's own reading already answers invalid_session: no user at all
      }
      JsonObject legacy = new JsonObject().put("userId", id).put("expiry", System.currentTimeMillis() + 60_000);
      HttpResponse<Buffer> answer = internalPost("/api/v1/session/normalize", new JsonObject().put("session", legacy).put("persist", true));
      assertRefused(answer, "user_id", what);
    });
  }

  @Test
  @DisplayName("session/revoke refuses a hostile session_id or user_id")
  void revoke() {
    HostileText.identifiers().forEach((what, id) -> {
      assertRefused(internalPost("/api/v1/session/revoke", new JsonObject().put("session_id", id)), "session_id", what);
      assertRefused(internalPost("/api/v1/session/revoke", new JsonObject().put("user_id", id)), "user_id", what);
    });
  }
}
