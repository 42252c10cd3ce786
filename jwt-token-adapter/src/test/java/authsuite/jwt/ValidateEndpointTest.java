package authsuite.jwt;

import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestTokens;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("POST /api/v1/jwt/validate and GET /verify on valid tokens of every issuer")
class ValidateEndpointTest extends StartedAdapterTest {

  @Test
  @DisplayName("a primary-auth HS256 token (PyJWT style) comes back as the normalized identity")
  void primaryToken() {
    JsonObject answer = fixture.validate(TestTokens.primary(TestTokens.primaryClaims("42")));
    assertThat(answer.getBoolean("valid")).isTrue();
    JsonObject identity = answer.getJsonObject("identity");
    assertThat(identity.getString("user_id")).isEqualTo("42");
    assertThat(identity.getString("subject")).isEqualTo("42");
    assertThat(identity.getString("email")).isEqualTo("user42@example.com");
    assertThat(identity.getString("token_type")).isEqualTo("access");
    assertThat(identity.getString("source")).isEqualTo("jwt");
    assertThat(identity.getBoolean("degraded")).isFalse();
    assertThat(identity.getString("expires_at")).isNotBlank();
  }

  @Test
  @DisplayName("a primary token with user_id instead of sub, sent as a bearer header, is understood")
  void userIdInsteadOfSub() {
    JsonObject claims = TestTokens.primaryClaims("7");
    claims.remove("sub");
    claims.put("user_id", 7);
    HttpResponse<Buffer> response = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/validate")
        .putHeader("Authorization", "Bearer " + TestTokens.primary(claims)).send().await();
    assertThat(response.bodyAsJsonObject().getJsonObject("identity").getString("user_id")).isEqualTo("7");
  }

  @Test
  @DisplayName("RS256 and ES256 tokens of an external issuer validate, with Keycloak roles and scopes normalized")
  void externalTokens() {
    for (String token : List.of(fixture.rs256(fixture.externalClaims("alice")), fixture.es256(fixture.externalClaims("bob")))) {
      JsonObject answer = fixture.validate(token);
      assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
      JsonObject identity = answer.getJsonObject("identity");
      assertThat(identity.getString("issuer")).isEqualTo(fixture.idp.issuer());
      assertThat(identity.getJsonArray("roles")).containsExactly("chat-user");
      assertThat(identity.getJsonArray("scopes")).containsExactly("openid", "read");
      assertThat(identity.getJsonArray("audience")).containsExactly(AdapterFixture.AUDIENCE);
      assertThat(identity.getString("username")).startsWith("user-");
    }
  }

  @Test
  @DisplayName("required roles and a requested audience are enforced")
  void rolesAndAudience() {
    String token = fixture.rs256(fixture.externalClaims("carol"));
    int port = fixture.adapter.port();
    assertThat(fixture.validate(port, new JsonObject().put("token", token).put("required_roles", new JsonArray().add("admin")))
        .getString("reason")).isEqualTo("missing_role");
    assertThat(fixture.validate(port, new JsonObject().put("token", token).put("required_roles", new JsonArray().add("chat-user")))
        .getBoolean("valid")).isTrue();
    assertThat(fixture.validate(port, new JsonObject().put("token", token).put("audience", "billing"))
        .getString("reason")).isEqualTo("audience_mismatch");
  }

  @Test
  @DisplayName("the issuer rotates its key: the new kid is accepted without a restart")
  void issuerKeyRotation() throws Exception {
    RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    fixture.idp.publish(next, fixture.ec);
    JsonObject answer = retryUntilValid(() -> fixture.validate(TestTokens.rs256(next, fixture.externalClaims("dave"), new JsonObject())));
    assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
  }

  @Test
  @DisplayName("a key the issuer drops from its JWKS withdraws its tokens, even those validated (and cached) before")
  void droppedKeyWithdrawsItsTokens() throws Exception {
    String early = fixture.rs256(fixture.externalClaims("olga"));
    assertThat(fixture.validate(early).getBoolean("valid")).isTrue();

    RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-3").generate();
    fixture.idp.publish(next, fixture.ec);
    // the new kid makes the adapter refetch the JWKS, which no longer holds rsa-1
    JsonObject refetched = retryUntilValid(() -> fixture.validate(TestTokens.rs256(next, fixture.externalClaims("pia"), new JsonObject())));
    assertThat(refetched.getBoolean("valid")).as("the new kid is accepted: the JWKS was fetched again").isTrue();

    JsonObject answer = fixture.validate(early);
    assertThat(answer.getBoolean("valid")).isFalse();
    assertThat(answer.getString("reason")).isEqualTo("unknown_kid");
  }

  @Test
  @DisplayName("a flood of random kids causes a bounded number of JWKS fetches, and each is unknown_kid")
  void randomKidFlood(Vertx vertx) throws Exception {
    int before = fixture.idp.jwksRequests();
    RSAKey attacker = new RSAKeyGenerator(2048).generate();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RSAKey withKid = new RSAKey.Builder(attacker).keyID(UUID.randomUUID().toString()).build();
      calls.add(fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/validate")
          .sendJsonObject(new JsonObject().put("token", TestTokens.rs256(withKid, fixture.externalClaims("x"), new JsonObject()))));
    }
    Future.all(calls).await();
    for (Future<HttpResponse<Buffer>> call : calls) {
      assertThat(call.result().bodyAsJsonObject().getString("reason")).isEqualTo("unknown_kid");
    }
    // at most one fetch per minimum refetch interval (1 s here), however long the burst took
    assertThat(fixture.idp.jwksRequests() - before).isLessThanOrEqualTo(3);
  }

  @Test
  @DisplayName("with the issuer's JWKS down, known kids keep validating and a new kid is 503 issuer_unavailable")
  void issuerOutage() throws Exception {
    assertThat(fixture.validate(fixture.rs256(fixture.externalClaims("erin"))).getBoolean("valid")).isTrue();
    fixture.idp.answerJwksWith(request -> request.response().setStatusCode(500).end("down"));

    assertThat(fixture.validate(fixture.es256(fixture.externalClaims("frank"))).getBoolean("valid")).isTrue();
    RSAKey unknown = new RSAKeyGenerator(2048).keyID("rsa-new").generate();
    String token = TestTokens.rs256(unknown, fixture.externalClaims("gina"), new JsonObject());
    HttpResponse<Buffer> response = retryUntilUnavailable(token);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isNotBlank();
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("issuer_unavailable");
  }

  @Test
  @DisplayName("GET /verify answers forward-auth headers for a valid token and 401 with WWW-Authenticate otherwise")
  void forwardAuth() {
    JsonObject claims = TestTokens.primaryClaims("42").put("roles", new JsonArray().add("a").add("b")).put("sid", "s-1");
    HttpResponse<Buffer> ok = fixture.verify(fixture.adapter.port(), TestTokens.primary(claims));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("X-User-Id")).isEqualTo("42");
    assertThat(ok.getHeader("X-User-Email")).isEqualTo("user42@example.com");
    assertThat(ok.getHeader("X-User-Roles")).isEqualTo("a,b");
    assertThat(ok.getHeader("X-Session-Id")).isEqualTo("s-1");

    HttpResponse<Buffer> suffixed = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/verify/orders/17")
        .putHeader("Authorization", "Bearer " + TestTokens.primary(claims)).send().await();
    assertThat(suffixed.statusCode()).isEqualTo(200);

    HttpResponse<Buffer> bad = fixture.verify(fixture.adapter.port(), "not.a.token");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");

    HttpResponse<Buffer> none = fixture.client.get(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/verify").send().await();
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  @DisplayName("the suite's JWKS and the status endpoint describe keys, issuers and outcomes")
  void jwksAndStatus() {
    fixture.validate(TestTokens.primary(TestTokens.primaryClaims("1")));
    JsonObject jwks = fixture.client.get(fixture.adapter.port(), "127.0.0.1", "/.well-known/jwks.json").send().await().bodyAsJsonObject();
    JsonObject key = jwks.getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("kty")).isEqualTo("RSA");
    assertThat(key.containsKey("d")).as("never the private part").isFalse();

    JsonObject status = fixture.client.get(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/status").send().await().bodyAsJsonObject();
    assertThat(status.getJsonObject("outcomes").getLong("valid")).isGreaterThanOrEqualTo(1);
    assertThat(status.getJsonArray("issuers")).hasSize(1);
    assertThat(status.getJsonArray("suite_kids")).contains(key.getString("kid"));
  }

  private JsonObject retryUntilValid(java.util.function.Supplier<JsonObject> call) {
    return Eventually.until(call, answer -> answer.getBoolean("valid"), Duration.ofSeconds(3));
  }

  private HttpResponse<Buffer> retryUntilUnavailable(String token) {
    return Eventually.until(() -> fixture.post(fixture.adapter.port(), "/api/v1/jwt/validate", new JsonObject().put("token", token)),
        response -> response.statusCode() == 503, Duration.ofSeconds(3));
  }
}
