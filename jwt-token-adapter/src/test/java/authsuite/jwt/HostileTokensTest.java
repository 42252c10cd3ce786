package authsuite.jwt;

import authsuite.common.testing.TestTokens;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Hostile tokens are refused with the right reason, and never a 5xx")
class HostileTokensTest extends StartedAdapterTest {

  private String reasonFor(String token) {
    HttpResponse<Buffer> response = fixture.post(fixture.adapter.port(), "/api/v1/jwt/validate", new JsonObject().put("token", token));
    assertThat(response.statusCode()).as("status for %s", token).isEqualTo(200);
    JsonObject answer = response.bodyAsJsonObject();
    assertThat(answer.getBoolean("valid")).isFalse();
    return answer.getString("reason");
  }

  @Test
  @DisplayName("each hostile token gets its reason")
  void hostileTokens() throws Exception {
    JsonObject primary = TestTokens.primaryClaims("42");
    JsonObject external = fixture.externalClaims("mallory");
    RSAKey attacker = new RSAKeyGenerator(2048).keyID(fixture.rsa.getKeyID()).generate();
    long now = Instant.now().getEpochSecond();
    String valid = TestTokens.primary(primary);
    String[] parts = valid.split("\\.");

    Map<String, String> expected = new LinkedHashMap<>();
    for (String none : new String[] {"none", "None", "NONE", "nOnE"}) {
      expected.put(TestTokens.unsigned(new JsonObject().put("alg", none).put("typ", "JWT"), primary), "alg_not_allowed");
    }
    // HS256 "signed" with the issuer's RSA public key as the HMAC secret: the classic key-confusion attack
    byte[] publicKeyAsSecret = fixture.rsa.toPublicJWK().toRSAPublicKey().getEncoded();
    expected.put(TestTokens.hmac(new JsonObject().put("alg", "HS256").put("kid", fixture.rsa.getKeyID()), external, publicKeyAsSecret),
        "alg_not_allowed");
    expected.put(TestTokens.hmac(new JsonObject().put("alg", "HS256"), primary, publicKeyAsSecret), "bad_signature");
    expected.put(TestTokens.hmac(new JsonObject().put("alg", "HS512"), primary,
        TestTokens.JWT_SECRET_KEY.getBytes(StandardCharsets.UTF_8)), "alg_not_allowed");
    expected.put(TestTokens.rs256(fixture.rsa, primary, new JsonObject()), "alg_not_allowed");
    // headers that point at keys elsewhere are ignored: the attacker's key never gets used
    expected.put(TestTokens.rs256(attacker, external, new JsonObject().put("jku", "https://evil.example/jwks")), "bad_signature");
    expected.put(TestTokens.rs256(attacker, external, new JsonObject().put("x5u", "https://evil.example/cert")), "bad_signature");
    expected.put(TestTokens.rs256(attacker, external, new JsonObject().put("jwk", new JsonObject(attacker.toPublicJWK().toJSONObject()))),
        "bad_signature");
    expected.put(TestTokens.rs256(fixture.rsa, external, new JsonObject().put("crit", new io.vertx.core.json.JsonArray().add("exp"))
        .put("exp", now)), "malformed");
    expected.put(TestTokens.primary(primary.copy().put("exp", now - 120)), "token_expired");
    expected.put(TestTokens.primary(primary.copy().put("nbf", now + 120)), "not_yet_valid");
    expected.put(TestTokens.primary(primary.copy().put("iat", now + 3600)), "not_yet_valid");
    expected.put(TestTokens.primary(primary.copy().put("iss", "https://other.example")), "unknown_issuer");
    expected.put(fixture.rs256(external.copy().put("aud", "someone-else")), "audience_mismatch");
    expected.put(TestTokens.primary(primary.copy().put("exp", "tomorrow")), "malformed");
    expected.put(TestTokens.primary(primary.copy().putNull("exp")), "malformed");
    expected.put(parts[0] + "." + parts[1], "malformed");
    // a signature of the wrong length, spelled canonically (a respelled one is malformed before any key is used)
    expected.put(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(Base64.getUrlDecoder().decode(parts[2]), 29)), "bad_signature");
    expected.put(TokenCredentialSecurityTest.respellings(valid).get(0), "malformed");
    expected.put(parts[0] + "=." + parts[1] + "." + parts[2], "malformed");
    expected.put(parts[0] + "." + parts[1].replace('-', '+').replace('_', '/') + "x+/." + parts[2], "malformed");
    expected.put(Base64.getUrlEncoder().withoutPadding().encodeToString("not json".getBytes()) + "." + parts[1] + "." + parts[2],
        "malformed");
    expected.put(TestTokens.primary(primary).replaceFirst("^[^.]+", TestTokens.encode(new JsonObject().put("alg", "HS256")
        .put("pad", "x".repeat(3000)))), "malformed");
    expected.put("garbage", "malformed");
    expected.put(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2] + "." + parts[2], "malformed");

    expected.forEach((token, reason) -> assertThat(reasonFor(token)).as("reason for %s", token).isEqualTo(reason));
  }

  @Test
  @DisplayName("within the leeway an expired token is still valid")
  void leeway() {
    long now = Instant.now().getEpochSecond();
    assertThat(fixture.validate(TestTokens.primary(TestTokens.primaryClaims("1").put("exp", now - 10))).getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("a token over 8 KiB is 413, an empty body 400, garbage JSON 400, a non-string token 400")
  void malformedRequests() {
    HttpResponse<Buffer> huge = fixture.post(fixture.adapter.port(), "/api/v1/jwt/validate", new JsonObject().put("token", "a".repeat(9000)));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.bodyAsJsonObject().getString("code")).isEqualTo("token_too_large");

    HttpResponse<Buffer> empty = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/validate").send().await();
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.getHeader("Content-Type")).isEqualTo("application/problem+json");

    HttpResponse<Buffer> garbage = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/validate")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"token\": ")).await();
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.bodyAsJsonObject().getString("code")).isEqualTo("malformed_json");

    HttpResponse<Buffer> notString = fixture.post(fixture.adapter.port(), "/api/v1/jwt/validate", new JsonObject().put("token", 42));
    assertThat(notString.statusCode()).isEqualTo(400);
    assertThat(notString.bodyAsJsonObject().getString("code")).isEqualTo("invalid_request");
    assertThat(notString.bodyAsJsonObject().getString("detail")).contains("token and audience must be strings");

    HttpResponse<Buffer> badRoles = fixture.post(fixture.adapter.port(), "/api/v1/jwt/validate",
        new JsonObject().put("token", "a.b.c").put("required_roles", "admin"));
    assertThat(badRoles.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> array = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/validate")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[\"a.b.c\"]")).await();
    assertThat(array.statusCode()).isEqualTo(400);

    HttpResponse<Buffer> text = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/validate")
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{\"token\": \"a.b.c\"}")).await();
    assertThat(text.statusCode()).isEqualTo(415);
  }

  @Test
  @DisplayName("a repeated token field, JSON nested past the limit, trailing garbage and too many roles are each a 400 with their code")
  void hostileBodies() {
    String valid = TestTokens.primary(TestTokens.primaryClaims("7"));
    HttpResponse<Buffer> repeated = send("{\"token\": \"" + valid + "\", \"token\": \"a.b.c\"}");
    assertThat(repeated.statusCode()).isEqualTo(400);
    assertThat(repeated.bodyAsJsonObject().getString("code")).isEqualTo("malformed_json");

    HttpResponse<Buffer> deep = send("{\"token\": \"" + valid + "\", \"x\": " + "[".repeat(40) + "]".repeat(40) + "}");
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.bodyAsJsonObject().getString("code")).isEqualTo("json_too_deep");

    HttpResponse<Buffer> trailing = send("{\"token\": \"" + valid + "\"} {}");
    assertThat(trailing.statusCode()).isEqualTo(400);
    assertThat(trailing.bodyAsJsonObject().getString("code")).isEqualTo("malformed_json");

    HttpResponse<Buffer> manyRoles = fixture.post(fixture.adapter.port(), "/api/v1/jwt/validate",
        new JsonObject().put("token", valid).put("required_roles", new io.vertx.core.json.JsonArray(java.util.Collections.nCopies(51, "r"))));
    assertThat(manyRoles.statusCode()).isEqualTo(400);
    assertThat(manyRoles.bodyAsJsonObject().getString("code")).isEqualTo("invalid_request");
    assertThat(manyRoles.bodyAsJsonObject().getString("detail")).contains("required_roles must be at most 50 strings");

    HttpResponse<Buffer> unknownFieldsIgnored = send("{\"note\": {\"a\": [1, 2, {\"b\": null}]}, \"token\": \"" + valid + "\"}");
    assertThat(unknownFieldsIgnored.statusCode()).isEqualTo(200);
    assertThat(unknownFieldsIgnored.bodyAsJsonObject().getBoolean("valid")).isTrue();
  }

  private HttpResponse<Buffer> send(String json) {
    return fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/validate")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)).await();
  }
}
