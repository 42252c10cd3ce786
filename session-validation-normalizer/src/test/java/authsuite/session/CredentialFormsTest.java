package authsuite.session;

import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Validate: every credential form gives the same normalized session, and each kind of bad one its reason")
class CredentialFormsTest extends StartedServiceTest {

  /** The parts of an answer that do not move with the time of the request. */
  private static JsonObject stable(JsonObject answer) {
    JsonObject session = answer.getJsonObject("session").copy();
    session.remove("last_seen_at");
    session.remove("expires_at");
    return answer.copy().put("session", session);
  }

  @Test
  @DisplayName("a Redis session as bearer, cookie, X-Session-ID and body session_id validates to one answer")
  void sessionInEveryForm() {
    String id = fixture.createSession("alice");
    Map<String, JsonObject> answers = Map.of(
        "bearer", SessionFixture.ok(fixture.validate(r -> r.putHeader("Authorization", "Bearer " + id))),
        "cookie", SessionFixture.ok(fixture.validate(r -> r.putHeader("Cookie", "session_id=" + id))),
        "header", SessionFixture.ok(fixture.validate(r -> r.putHeader("X-Session-ID", id))),
        "body", SessionFixture.ok(fixture.validateBody(new JsonObject().put("session_id", id))));

    JsonObject expected = stable(answers.get("header"));
    answers.forEach((form, answer) -> assertThat(stable(answer)).as(form).isEqualTo(expected));
    JsonObject session = expected.getJsonObject("session");
    assertThat(expected.getBoolean("valid")).isTrue();
    assertThat(session.getString("session_id")).isEqualTo(id);
    assertThat(session.getString("user_id")).isEqualTo("alice");
    assertThat(session.getString("email")).isEqualTo("alice@example.com");
    assertThat(session.getJsonArray("roles")).containsExactly("chat-user");
    assertThat(session.getString("token_type")).isEqualTo("session");
    assertThat(session.getString("source")).isEqualTo("redis_session");
    assertThat(session.getBoolean("degraded")).isFalse();
    assertThat(session.getString("created_at")).isNotBlank();
    assertThat(answers.get("body").getJsonObject("session").getString("last_seen_at")).isNotBlank();
  }

  @Test
  @DisplayName("a JWT as bearer, cookie, X-Session-ID and body token validates to one answer")
  void jwtInEveryForm() {
    String token = TestTokens.primary(TestTokens.primaryClaims("42"));
    List<JsonObject> answers = List.of(
        SessionFixture.ok(fixture.validate(r -> r.putHeader("Authorization", "Bearer " + token))),
        SessionFixture.ok(fixture.validate(r -> r.putHeader("Cookie", "session_id=" + token))),
        SessionFixture.ok(fixture.validate(r -> r.putHeader("X-Session-ID", token))),
        SessionFixture.ok(fixture.validateBody(new JsonObject().put("token", token))));
    answers.forEach(answer -> assertThat(stable(answer)).isEqualTo(stable(answers.get(0))));
    JsonObject session = answers.get(0).getJsonObject("session");
    assertThat(session.getString("user_id")).isEqualTo("42");
    assertThat(session.getString("source")).isEqualTo("jwt");
    assertThat(session.getString("created_at")).isEqualTo(session.getString("issued_at"));
  }

  @Test
  @DisplayName("the bearer header wins over a cookie, which wins over X-Session-ID, which wins over the body")
  void precedence() {
    String alice = fixture.createSession("alice");
    String bob = fixture.createSession("bob");
    HttpResponse<Buffer> cookieOverHeader = fixture.post(SessionFixture.VALIDATE)
        .putHeader("Cookie", "session_id=" + alice).putHeader("X-Session-ID", bob)
        .sendJsonObject(new JsonObject().put("session_id", bob)).await();
    assertThat(SessionFixture.ok(cookieOverHeader).getJsonObject("session").getString("user_id")).isEqualTo("alice");
    HttpResponse<Buffer> bearerFirst = fixture.post(SessionFixture.VALIDATE)
        .putHeader("Authorization", "Bearer " + bob).putHeader("Cookie", "session_id=" + alice).send().await();
    assertThat(SessionFixture.ok(bearerFirst).getJsonObject("session").getString("user_id")).isEqualTo("bob");
  }

  @Test
  @DisplayName("an emergency token validates with source emergency")
  void emergencyToken() {
    String token = TestTokens.emergency(TestTokens.emergencyClaims("7"));
    JsonObject answer = SessionFixture.ok(fixture.validate(r -> r.putHeader("Authorization", "Bearer " + token)));
    assertThat(answer.getBoolean("valid")).isTrue();
    assertThat(answer.getJsonObject("session").getString("source")).isEqualTo("emergency");
    assertThat(answer.getJsonObject("session").getString("token_type")).isEqualTo("emergency");
  }

  @Test
  @DisplayName("X-Integration-Layer: true adds the source, degraded and the checks made")
  void integrationLayer() {
    String id = fixture.createSession("alice");
    JsonObject plain = fixture.validateSessionId(id);
    assertThat(plain.containsKey("checks")).isFalse();
    JsonObject integration = SessionFixture.ok(fixture.validate(r -> r.putHeader("Cookie", "session_id=" + id)
        .putHeader("X-Integration-Layer", "true")));
    assertThat(integration.getString("source")).isEqualTo("redis_session");
    assertThat(integration.getBoolean("degraded")).isFalse();
    assertThat(integration.getJsonArray("checks")).contains("credential:cookie", "session_id_signature", "absolute_lifetime",
        "revocation_list", "session_store");
    JsonObject jwt = SessionFixture.ok(fixture.post(SessionFixture.VALIDATE).putHeader("X-Integration-Layer", "true")
        .sendJsonObject(new JsonObject().put("token", TestTokens.primary(TestTokens.primaryClaims("42")))).await());
    assertThat(jwt.getString("source")).isEqualTo("jwt");
    assertThat(jwt.getJsonArray("checks")).contains("credential:body", "jwt_signature_and_claims");
  }

  @Test
  @DisplayName("revoked, expired, forged and garbage credentials are each refused with their own reason")
  void rejections() {
    String revoked = fixture.createSession("mallory");
    assertThat(fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("session_id", revoked)).statusCode())
        .isEqualTo(200);
    assertThat(fixture.validateSessionId(revoked).getString("reason")).isEqualTo("revoked");

    String forged = forge(fixture.createSession("alice"));
    JsonObject forgedAnswer = SessionFixture.ok(fixture.validate(r -> r.putHeader("Cookie", "session_id=" + forged)));
    assertThat(forgedAnswer).isEqualTo(new JsonObject().put("valid", false).put("reason", "bad_signature"));

    JsonObject garbage = fixture.validateSessionId("%%% not a session <script>");
    assertThat(garbage).isEqualTo(new JsonObject().put("valid", false).put("reason", "malformed"));

    JsonObject expiredJwt = fixture.validateSessionId(TestTokens.primary(TestTokens.primaryClaims("42")
        .put("iat", 1_000_000).put("exp", 1_000_900)));
    assertThat(expiredJwt.getString("reason")).isEqualTo("token_expired");

    JsonObject forgedJwt = fixture.validateSessionId(TestTokens.hmac(new JsonObject().put("alg", "HS256"),
        TestTokens.primaryClaims("42"), "another-secret-0123456789abcdef-0123456789".getBytes()));
    assertThat(forgedJwt.getString("reason")).isEqualTo("bad_signature");
  }

  @Test
  @DisplayName("a session the store no longer holds is expired (session_expired), not unknown")
  void expiredSession() {
    String id = fixture.createSession(new JsonObject().put("user_id", "brief").put("idle_timeout_s", 1));
    // not an event wait: the expiry is Redis's own TTL (real time), and a validation polling for it would slide it
    sleep(1_300);
    assertThat(fixture.validateSessionId(id).getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("a revoked session's id is refused as a JWT sid too, on this instance and through the revoke_session event")
  void revokedSessionIdRefusedAsJwtSid() {
    String id = fixture.createSession("alice");
    String token = TestTokens.primary(TestTokens.primaryClaims("alice").put("sid", id));
    assertThat(fixture.validateBody(new JsonObject().put("token", token)).bodyAsJsonObject().getBoolean("valid")).isTrue();
    fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("session_id", id));
    assertThat(fixture.validateBody(new JsonObject().put("token", token)).bodyAsJsonObject().getString("reason"))
        .isEqualTo("revoked");
  }

  @Test
  @DisplayName("no credential at all is 401 missing_credentials with WWW-Authenticate")
  void noCredential() {
    HttpResponse<Buffer> response = fixture.post(SessionFixture.VALIDATE).send().await();
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("missing_credentials");
    HttpResponse<Buffer> basic = fixture.post(SessionFixture.VALIDATE).putHeader("Authorization", "Basic YTpi").send().await();
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("the session cookie's name is configurable")
  void configuredCookieName(io.vertx.core.Vertx vertx) {
    SessionFixture custom = new SessionFixture(vertx).start(new SessionFixture(vertx).config()
        .put(SessionSettings.COOKIE_NAME, "sid"));
    try {
      String id = custom.createSession("carol");
      JsonObject answer = SessionFixture.ok(custom.validate(r -> r.putHeader("Cookie", "theme=dark; sid=" + id)));
      assertThat(answer.getJsonObject("session").getString("user_id")).isEqualTo("carol");
      assertThat(custom.validate(r -> r.putHeader("Cookie", "session_id=" + id)).statusCode()).isEqualTo(401);
    } finally {
      custom.close();
    }
  }

  /** The same id with one character of its random part changed: the right shape, a tag that does not match. */
  private static String forge(String id) {
    char swapped = id.charAt(3) == 'A' ? 'B' : 'A';
    return id.substring(0, 3) + swapped + id.substring(4);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
