package authsuite.session;

import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Malformed, oversized and hostile input gets a clear problem+json, never a 500")
class HostileInputTest extends StartedServiceTest {

  private HttpResponse<Buffer> raw(String path, String contentType, String body) {
    return fixture.post(path).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)).await();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  @Test
  @DisplayName("validate: garbage JSON, a JSON array, wrong types and the wrong media type are 400/415")
  void malformedBodies() {
    assertProblem(raw(SessionFixture.VALIDATE, "application/json", "{\"session_id\": "), 400, "malformed_json");
    assertProblem(raw(SessionFixture.VALIDATE, "application/json", "[1, 2]"), 400, "malformed_json");
    assertProblem(raw(SessionFixture.VALIDATE, "application/json", "null"), 400, "malformed_json");
    assertProblem(raw(SessionFixture.VALIDATE, "application/json", "{\"session_id\": 42}"), 400, "invalid_request");
    assertProblem(raw(SessionFixture.VALIDATE, "application/json", "{\"token\": {\"a\": 1}}"), 400, "invalid_request");
    assertProblem(raw(SessionFixture.VALIDATE, "text/plain", "session_id=abc"), 415, "unsupported_media_type");
    assertProblem(raw(SessionFixture.VALIDATE, "application/json", "[".repeat(100) + "]".repeat(100)), 400, "json_too_deep");
  }

  @Test
  @DisplayName("validate: an oversized credential is 413 and an oversized body 413")
  void oversized() {
    String huge = "a".repeat(9_000);
    assertProblem(fixture.post(SessionFixture.VALIDATE).putHeader("X-Session-ID", huge).send().await(), 413, "token_too_large");
    assertProblem(fixture.validateBody(new JsonObject().put("token", huge + ".b.c")), 413, "token_too_large");
    String body = "{\"session_id\": \"" + "x".repeat(70_000) + "\"}";
    assertThat(raw(SessionFixture.VALIDATE, "application/json", body).statusCode()).isEqualTo(413);
  }

  @Test
  @DisplayName("validate: alg none, JWT-shaped garbage and header-stuffed ids are refused with reasons, not errors")
  void hostileTokens() {
    String none = TestTokens.unsigned(new JsonObject().put("alg", "none"), TestTokens.primaryClaims("42"));
    assertThat(fixture.validateSessionId(none).getString("reason")).isEqualTo("alg_not_allowed");
    assertThat(fixture.validateSessionId("a.b.c").getString("reason")).isEqualTo("malformed");
    assertThat(fixture.validateSessionId("..").getString("reason")).isEqualTo("malformed");
    assertThat(fixture.validateSessionId("' OR 1=1 --").getString("reason")).isEqualTo("malformed");
    assertThat(fixture.validateSessionId("*").getString("reason")).isEqualTo("malformed");
    // canonical base64url of the right length, so it is the tag that refuses it ("x" last would be a respelling: malformed)
    assertThat(fixture.validateSessionId("x".repeat(61) + "A").getString("reason")).isEqualTo("bad_signature");
    assertThat(fixture.validateSessionId("x".repeat(62)).getString("reason")).isEqualTo("malformed");
    JsonObject cookie = SessionFixture.ok(fixture.validate(r -> r.putHeader("Cookie", "session_id=%3Cscript%3E")));
    assertThat(cookie.getString("reason")).isEqualTo("malformed");
    // a cookie that cannot be parsed at all is as good as absent
    assertProblem(fixture.validate(r -> r.putHeader("Cookie", "session_id=\u00e9\u00e8")), 401, "missing_credentials");
    JsonObject token = SessionFixture.ok(fixture.validate(r -> r.putHeader("Authorization", "Bearer " + new String(new byte[] {'a', '.', 'b'},
        StandardCharsets.US_ASCII))));
    assertThat(token.getString("reason")).isEqualTo("malformed");
  }

  @Test
  @DisplayName("internal endpoints refuse forged internal tokens and user tokens with 401")
  void forgedInternalTokens() {
    String forged = TestTokens.hmac(new JsonObject().put("alg", "HS256"), new JsonObject().put("sub", "ops")
        .put("aud", "authsuite-internal").put("iss", "authsuite").put("exp", java.time.Instant.now().getEpochSecond() + 60),
        "not-the-service-secret-0123456789abcdef-01234".getBytes(StandardCharsets.UTF_8));
    for (String token : new String[] {forged, TestTokens.primary(TestTokens.primaryClaims("ops")), "garbage"}) {
      HttpResponse<Buffer> response = fixture.post("/api/v1/session/create").putHeader("Authorization", "Bearer " + token)
          .sendJsonObject(new JsonObject().put("user_id", "x")).await();
      assertThat(response.statusCode()).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("normalize, create and revoke: garbage JSON and wrong types are 400, never 500")
  void otherEndpoints() {
    for (String path : new String[] {"/api/v1/session/normalize", "/api/v1/session/create", "/api/v1/session/revoke"}) {
      HttpResponse<Buffer> garbage = fixture.post(path).putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx))
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{not json")).await();
      assertThat(garbage.statusCode()).as(path).isEqualTo(400);
      HttpResponse<Buffer> array = fixture.post(path).putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx))
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[]")).await();
      assertThat(array.statusCode()).as(path).isEqualTo(400);
    }
    HttpResponse<Buffer> wrongType = fixture.post("/api/v1/session/normalize")
        .sendJsonObject(new JsonObject().put("session", new JsonObject().put("userId", "1").put("expiry", 5)).put("persist", "yes")).await();
    assertThat(wrongType.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> info = fixture.get("/api/v1/session/info").putHeader("X-Session-ID", "garbage").send().await();
    assertProblem(info, 401, "malformed");
  }
}
