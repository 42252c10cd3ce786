package authsuite.coordinator;

import authsuite.common.testing.HostileText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@ExtendWith(VertxExtension.class)
@DisplayName("sync-auth refuses a not_before that is no time, and ids that are no identifiers, with a 400 naming the field")
class SyncAuthRobustnessTest {
  private static final String SYNC_AUTH = "/api/v1/coordinator/sync-auth";
  private CoordinatorFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    fixture.registerHealthyPeers();
    fixture.start(fixture.config());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void assertFieldProblem(JsonObject body, String field, String code) {
    HttpResponse<Buffer> answer = fixture.internalPost(SYNC_AUTH, HostileText.json(body));
    assertThat(answer.statusCode()).as("answer to %s: %s", body, answer.bodyAsString()).isEqualTo(400);
    assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getString("code")).as(body.encode()).isEqualTo(code);
    assertThat(answer.bodyAsJsonObject().getString("field")).as(body.encode()).isEqualTo(field);
  }

  @Test
  @DisplayName("not_before of \"garbage\", 1e300, 2^63, a negative or year 10000 is 400 invalid_request naming not_before")
  void absurdNotBefore() {
    for (Object notBefore : new Object[] {"garbage", 1e300, new BigInteger("9223372036854775808"), -1e308, -5,
        "+10000-01-01T00:00:00Z", 253_402_300_800L}) {
      assertFieldProblem(new JsonObject().put("type", "revoke_user").put("user_id", "42").put("not_before", notBefore),
          "not_before", "invalid_request");
    }
  }

  @Test
  @DisplayName("a sane not_before, as seconds with a fraction or as ISO-8601, is still published")
  void saneNotBefore() {
    for (Object notBefore : new Object[] {1_700_000_000.5, 1_700_000_000L, "2026-11-22T10:00:00Z"}) {
      HttpResponse<Buffer> answer = fixture.internalPost(SYNC_AUTH,
          new JsonObject().put("type", "revoke_user").put("user_id", "42").put("not_before", notBefore));
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a user_id or session_id with NUL, a bidi override, a lone surrogate or in NFD is 400 invalid_identifier naming it")
  void hostileIds() {
    for (String id : HostileText.identifiers().values()) {
      assertFieldProblem(new JsonObject().put("type", "revoke_user").put("user_id", id), "user_id", "invalid_identifier");
      assertFieldProblem(new JsonObject().put("type", "revoke_session").put("session_id", id), "session_id", "invalid_identifier");
      assertFieldProblem(new JsonObject().put("type", "logout").put("user_id", id), "user_id", "invalid_identifier");
    }
  }
}
