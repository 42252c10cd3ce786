package authsuite.jwt;

import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@DisplayName("Only application/json is JSON, and a body that is not JSON changes nothing")
class JsonBodiesSecurityTest extends StartedAdapterTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/jsonp", "application/json-seq", "text/plain", "application/x-www-form-urlencoded",
      "application/problem+json", "application/json; charset=iso-8859-1"})
  @DisplayName("validate (the hot path) answers 415 to any other media type")
  void validateRefusesOtherMediaTypes(String contentType) {
    String body = new JsonObject().put("token", TestTokens.primary(TestTokens.primaryClaims("42"))).encode();

    HttpResponse<Buffer> answer = post("/api/v1/jwt/validate", contentType, body, null);

    assertUnsupported(answer);
  }

  @Test
  @DisplayName("application/json with a utf-8 charset parameter is still JSON")
  void charsetParameterIsJson() {
    String body = new JsonObject().put("token", TestTokens.primary(TestTokens.primaryClaims("42"))).encode();

    HttpResponse<Buffer> answer = post("/api/v1/jwt/validate", "Application/JSON; charset=\"UTF-8\"", body, null);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("a public contract route (exchange) answers 415 to application/jsonp")
  void publicContractRouteRefusesJsonp() {
    String body = new JsonObject().put("token", TestTokens.primary(TestTokens.primaryClaims("42"))).encode();

    assertUnsupported(post("/api/v1/jwt/exchange", "application/jsonp", body, null));
  }

  @Test
  @DisplayName("an internal route (revoke) answers 415 to application/jsonp and revokes nothing")
  void internalRouteRefusesJsonp() {
    String token = TestTokens.primary(TestTokens.primaryClaims("42").put("jti", "jsonp-victim"));
    String body = new JsonObject().put("jti", "jsonp-victim").encode();

    assertUnsupported(post("/api/v1/jwt/revoke", "application/jsonp", body, TestTokens.internal(fixture.vertx)));
    assertThat(fixture.validate(token).getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("keys/rotate with a truncated body is 400 malformed_json, and the published keys are unchanged")
  void truncatedBodyRotatesNothing() {
    JsonObject before = jwks();

    HttpResponse<Buffer> answer = post("/api/v1/jwt/keys/rotate", "application/json", "{\"grace_s\": 3", TestTokens.internal(fixture.vertx));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("malformed_json");
    assertThat(jwks()).isEqualTo(before);
  }

  @Test
  @DisplayName("keys/rotate with a body of another media type is 415, and the published keys are unchanged")
  void otherMediaTypeRotatesNothing() {
    JsonObject before = jwks();

    assertUnsupported(post("/api/v1/jwt/keys/rotate", "text/plain", "{}", TestTokens.internal(fixture.vertx)));
    assertThat(jwks()).isEqualTo(before);
  }

  @Test
  @DisplayName("keys/rotate without a body still rotates (the body is optional)")
  void rotateWithoutBody() {
    JsonObject before = jwks();

    HttpResponse<Buffer> answer = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/keys/rotate")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx)).send().await();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(jwks()).isNotEqualTo(before);
  }

  private JsonObject jwks() {
    return fixture.client.get(fixture.adapter.port(), "127.0.0.1", "/.well-known/jwks.json").send().await().bodyAsJsonObject();
  }

  private HttpResponse<Buffer> post(String path, String contentType, String body, String bearer) {
    var request = fixture.client.post(fixture.adapter.port(), "127.0.0.1", path).putHeader("Content-Type", contentType);
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    return request.sendBuffer(Buffer.buffer(body)).await();
  }

  private static void assertUnsupported(HttpResponse<Buffer> answer) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(415);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("unsupported_media_type");
  }
}
