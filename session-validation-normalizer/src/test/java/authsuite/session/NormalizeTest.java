package authsuite.session;

import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Normalize: legacy, express-session and JWT-claims sessions become the canonical session; malformed ones a 400")
class NormalizeTest extends StartedServiceTest {
  private static final Instant EXPIRY = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

  private HttpResponse<Buffer> normalize(JsonObject body) {
    return fixture.post("/api/v1/session/normalize").sendJsonObject(body).await();
  }

  private JsonObject normalized(JsonObject foreign) {
    HttpResponse<Buffer> response = normalize(new JsonObject().put("session", foreign));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** The canonical session of user 42, alice@example.com, role chat-user, expiring at EXPIRY. */
  private static void assertCanonical(JsonObject session) {
    assertThat(session.getString("user_id")).isEqualTo("42");
    assertThat(session.getString("subject")).isEqualTo("42");
    assertThat(session.getString("email")).isEqualTo("alice@example.com");
    assertThat(session.getJsonArray("roles")).containsExactly("chat-user");
    assertThat(session.getString("token_type")).isEqualTo("session");
    assertThat(session.getBoolean("degraded")).isFalse();
    assertThat(session.fieldNames()).contains("username", "scopes", "session_id", "issuer", "audience", "issued_at",
        "expires_at", "created_at", "last_seen_at");
  }

  @Test
  @DisplayName("a legacy flat session (userId, email, roles, expiry in epoch millis)")
  void legacy() {
    JsonObject answer = normalized(new JsonObject().put("userId", 42).put("email", "alice@example.com")
        .put("roles", new JsonArray().add("chat-user")).put("expiry", EXPIRY.toEpochMilli()));
    assertThat(answer.getString("shape")).isEqualTo("legacy");
    assertThat(answer.getBoolean("expired")).isFalse();
    assertCanonical(answer.getJsonObject("session"));
    assertThat(answer.getJsonObject("session").getString("expires_at")).isEqualTo(EXPIRY.toString());
    assertThat(answer.getJsonObject("session").getString("source")).isEqualTo("legacy");
  }

  @Test
  @DisplayName("an express-session record (cookie.expires, passport.user as an object)")
  void expressSession() {
    JsonObject answer = normalized(new JsonObject()
        .put("cookie", new JsonObject().put("originalMaxAge", 3_600_000).put("expires", EXPIRY.toString()).put("httpOnly", true))
        .put("passport", new JsonObject().put("user", new JsonObject().put("id", "42").put("email", "alice@example.com")
            .put("roles", new JsonArray().add("chat-user")))));
    assertThat(answer.getString("shape")).isEqualTo("express_session");
    assertCanonical(answer.getJsonObject("session"));
    assertThat(answer.getJsonObject("session").getString("expires_at")).isEqualTo(EXPIRY.toString());
  }

  @Test
  @DisplayName("an express-session record with only originalMaxAge and passport.user as an id")
  void expressSessionMaxAge() {
    JsonObject answer = normalized(new JsonObject().put("cookie", new JsonObject().put("originalMaxAge", 60_000))
        .put("passport", new JsonObject().put("user", "42")));
    assertThat(answer.getJsonObject("session").getString("user_id")).isEqualTo("42");
    assertThat(Instant.parse(answer.getJsonObject("session").getString("expires_at")))
        .isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
  }

  @Test
  @DisplayName("JWT claims (sub, email, roles, exp)")
  void jwtClaims() {
    JsonObject answer = normalized(new JsonObject().put("sub", "42").put("email", "alice@example.com")
        .put("roles", new JsonArray().add("chat-user")).put("iss", "https://idp.example").put("exp", EXPIRY.getEpochSecond())
        .put("iat", EXPIRY.getEpochSecond() - 600));
    assertThat(answer.getString("shape")).isEqualTo("jwt_claims");
    assertCanonical(answer.getJsonObject("session"));
    assertThat(answer.getJsonObject("session").getString("issuer")).isEqualTo("https://idp.example");
    assertThat(answer.getJsonObject("session").getString("source")).isEqualTo("jwt");
  }

  @Test
  @DisplayName("malformed sessions get a 400 naming the missing or mistyped fields")
  void malformed() {
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("userId", "42"))),
        "invalid_session", "expiry");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("expiry", "tomorrow"))),
        "invalid_session", "userId");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("userId", "1").put("expiry", 5).put("roles", 7))),
        "invalid_session", "roles");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("cookie", new JsonObject()))),
        "invalid_session", "cookie.expires or cookie.originalMaxAge", "passport.user");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("cookie", new JsonObject().put("expires", "soon"))
        .put("passport", new JsonObject().put("user", new JsonObject())))), "invalid_session", "cookie.expires", "passport.user.id");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("iss", "x"))), "invalid_session", "sub", "exp");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("favourite", "colour"))),
        "unknown_session_shape", "userId", "passport.user", "sub");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("userId", "1").put("expiry", Long.MAX_VALUE))
        .put("format", "express_session")), "invalid_session", "passport.user");
    assertProblem(normalize(new JsonObject().put("session", "not an object")), "invalid_request");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject()).put("format", "cobol")), "invalid_request");
    assertProblem(normalize(new JsonObject().put("session", new JsonObject().put("cookie", new JsonObject().put("originalMaxAge", Long.MAX_VALUE))
        .put("passport", new JsonObject().put("user", "1")))), "invalid_session");
  }

  @Test
  @DisplayName("persist: true stores it (internal only) as a session that then validates; an expired one is refused")
  void persist() {
    JsonObject legacy = new JsonObject().put("userId", 42).put("email", "alice@example.com")
        .put("roles", new JsonArray().add("chat-user")).put("expiry", EXPIRY.toEpochMilli());
    HttpResponse<Buffer> anonymous = normalize(new JsonObject().put("session", legacy).put("persist", true));
    assertThat(anonymous.statusCode()).isEqualTo(401);

    HttpResponse<Buffer> stored = fixture.internalPost("/api/v1/session/normalize", new JsonObject().put("session", legacy).put("persist", true));
    assertThat(stored.statusCode()).isEqualTo(201);
    String sessionId = stored.bodyAsJsonObject().getString("session_id");
    JsonObject validated = fixture.validateSessionId(sessionId);
    assertThat(validated.getBoolean("valid")).isTrue();
    assertThat(validated.getJsonObject("session").getString("user_id")).isEqualTo("42");
    assertThat(validated.getJsonObject("session").getString("origin")).isEqualTo("legacy");
    assertThat(Instant.parse(validated.getJsonObject("session").getString("absolute_expires_at"))).isBeforeOrEqualTo(EXPIRY);

    HttpResponse<Buffer> expired = fixture.internalPost("/api/v1/session/normalize", new JsonObject()
        .put("session", legacy.copy().put("expiry", 1_000L)).put("persist", true));
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(expired.bodyAsJsonObject().getString("code")).isEqualTo("session_expired");
    JsonObject notPersisted = normalize(new JsonObject().put("session", legacy.copy().put("expiry", 1_000L))).bodyAsJsonObject();
    assertThat(notPersisted.getBoolean("expired")).isTrue();
  }

  @Test
  @DisplayName("a user's token cannot persist a session: persist needs the internal token")
  void persistNeedsInternal() {
    HttpResponse<Buffer> response = fixture.post("/api/v1/session/normalize")
        .putHeader("Authorization", "Bearer " + TestTokens.primary(TestTokens.primaryClaims("42")))
        .sendJsonObject(new JsonObject().put("persist", true).put("session", new JsonObject().put("userId", "1")
            .put("expiry", EXPIRY.toEpochMilli()))).await();
    assertThat(response.statusCode()).isEqualTo(401);
  }

  private static void assertProblem(HttpResponse<Buffer> response, String code, String... named) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo(code);
    if (named.length > 0) {
      assertThat(problem.getString("detail")).contains(named);
    }
  }
}
