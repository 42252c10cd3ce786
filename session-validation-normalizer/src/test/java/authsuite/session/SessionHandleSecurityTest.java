package authsuite.session;

import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@DisplayName("A session id is given only to whoever created the session: listings show a non-secret handle")
class SessionHandleSecurityTest extends StartedServiceTest {
  private static final String INFO = "/api/v1/session/info";

  @Test
  @DisplayName("info with a viewer's access token lists the user's sessions by handle, never by id")
  void accessTokenSeesHandlesOnly() {
    String admin = adminSession("uma");
    String other = fixture.createSession("uma");
    String token = TestTokens.primary(TestTokens.primaryClaims("uma").put("roles", new JsonArray().add("viewer")));

    HttpResponse<Buffer> info = fixture.get(INFO).putHeader("Authorization", "Bearer " + token).send().await();

    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.bodyAsString()).doesNotContain(admin).doesNotContain(other);
    assertListedByHandle(info.bodyAsJsonObject().getJsonArray("other_sessions"), 2);
  }

  @Test
  @DisplayName("info with an emergency token of the user shows no session id either")
  void emergencyTokenSeesHandlesOnly() {
    String admin = adminSession("vic");
    HttpResponse<Buffer> info = fixture.get(INFO)
        .putHeader("Authorization", "Bearer " + TestTokens.emergency(TestTokens.emergencyClaims("vic"))).send().await();

    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.bodyAsString()).doesNotContain(admin);
    assertListedByHandle(info.bodyAsJsonObject().getJsonArray("other_sessions"), 1);
  }

  @Test
  @DisplayName("a session presented as the credential sees itself, and its other sessions only by a handle stable across calls")
  void ownSessionSeesOthersByStableHandle() {
    String mine = fixture.createSession("wes");
    String admin = adminSession("wes");

    HttpResponse<Buffer> first = fixture.get(INFO).putHeader("X-Session-ID", mine).send().await();
    HttpResponse<Buffer> second = fixture.get(INFO).putHeader("X-Session-ID", mine).send().await();

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.bodyAsString()).doesNotContain(admin);
    assertThat(first.bodyAsJsonObject().getJsonObject("session").getString("session_id")).isEqualTo(mine);
    assertListedByHandle(first.bodyAsJsonObject().getJsonArray("other_sessions"), 1);
    assertThat(second.bodyAsJsonObject().getJsonArray("other_sessions").getJsonObject(0).getString("handle"))
        .isEqualTo(first.bodyAsJsonObject().getJsonArray("other_sessions").getJsonObject(0).getString("handle"));
    // the admin session's handle is what the admin session itself is told it is
    JsonObject adminView = SessionFixture.ok(fixture.get(INFO).putHeader("X-Session-ID", admin).send().await());
    assertThat(adminView.getJsonObject("session").getString("handle"))
        .isEqualTo(first.bodyAsJsonObject().getJsonArray("other_sessions").getJsonObject(0).getString("handle"));
  }

  @Test
  @DisplayName("an internal caller listing a user's sessions gets handles, not ids")
  void internalListingShowsHandles() {
    String admin = adminSession("xia");
    String other = fixture.createSession("xia");

    HttpResponse<Buffer> info = fixture.get(INFO + "?user_id=xia")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx)).send().await();

    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.bodyAsString()).doesNotContain(admin).doesNotContain(other);
    assertListedByHandle(info.bodyAsJsonObject().getJsonArray("other_sessions"), 2);
  }

  @Test
  @DisplayName("a listed handle is not a credential: validating it is not valid")
  void handleIsNotACredential() {
    adminSession("yan");
    String token = TestTokens.primary(TestTokens.primaryClaims("yan"));
    JsonObject info = SessionFixture.ok(fixture.get(INFO).putHeader("Authorization", "Bearer " + token).send().await());
    String handle = info.getJsonArray("other_sessions").getJsonObject(0).getString("handle");

    assertThat(fixture.validateSessionId(handle).getBoolean("valid")).isFalse();
  }

  @Test
  @DisplayName("a user ends one of their own sessions by its handle; the answer names the handle, never the id")
  void revokeOwnByHandle() {
    String admin = adminSession("zed");
    String token = TestTokens.primary(TestTokens.primaryClaims("zed"));
    String handle = SessionFixture.ok(fixture.get(INFO).putHeader("Authorization", "Bearer " + token).send().await())
        .getJsonArray("other_sessions").getJsonObject(0).getString("handle");

    HttpResponse<Buffer> revoked = fixture.post("/api/v1/session/revoke").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("handle", handle)).await();

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(revoked.bodyAsString()).doesNotContain(admin);
    assertThat(revoked.bodyAsJsonObject().getJsonObject("revoked").getString("handle")).isEqualTo(handle);
    assertThat(fixture.validateSessionId(admin).getString("reason")).isEqualTo("revoked");
  }

  @Test
  @DisplayName("another user's handle ends nothing: 404 session_not_found, and that session stays valid")
  void handleOfAnotherUserIsNotFound() {
    String victim = adminSession("amy");
    String handle = SessionFixture.ok(fixture.get(INFO + "?user_id=amy")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx)).send().await())
        .getJsonArray("other_sessions").getJsonObject(0).getString("handle");
    String mallory = fixture.createSession("mallory");

    HttpResponse<Buffer> refused = fixture.post("/api/v1/session/revoke").putHeader("X-Session-ID", mallory)
        .sendJsonObject(new JsonObject().put("handle", handle)).await();

    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("session_not_found");
    assertThat(fixture.validateSessionId(victim).getBoolean("valid")).isTrue();
  }

  private String adminSession(String userId) {
    return fixture.createSession(new JsonObject().put("user_id", userId).put("roles", new JsonArray().add("admin")));
  }

  private static void assertListedByHandle(JsonArray listed, int count) {
    assertThat(listed).hasSize(count);
    for (Object entry : listed) {
      JsonObject session = (JsonObject) entry;
      assertThat(session.containsKey("session_id")).as(session.encode()).isFalse();
      assertThat(session.getString("handle")).as(session.encode()).isNotBlank();
      assertThat(session.getString("user_id")).isNotBlank();
    }
    List<String> handles = listed.stream().map(entry -> ((JsonObject) entry).getString("handle")).distinct().toList();
    assertThat(handles).hasSize(count);
  }
}
