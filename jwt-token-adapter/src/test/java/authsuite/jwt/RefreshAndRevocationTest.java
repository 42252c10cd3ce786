package authsuite.jwt;

import authsuite.common.jwt.JwtSettings;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Refresh rotation, exchange and revocation, over HTTP and shared Redis")
class RefreshAndRevocationTest {
  private AdapterFixture fixture;

  @BeforeEach
  void create(Vertx vertx) throws Exception {
    fixture = newFixture(vertx);
  }

  /** The fixture these tests run on; a subclass runs them again on a Redis Cluster. */
  protected AdapterFixture newFixture(Vertx vertx) throws Exception {
    return new AdapterFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static String primaryRefreshToken(String userId) {
    return TestTokens.primary(TestTokens.primaryClaims(userId).put("type", "refresh").put("jti", "r-" + userId + "-" + System.nanoTime()));
  }

  private List<HttpResponse<Buffer>> refreshConcurrently(String refreshToken, int times) {
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      calls.add(fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/refresh")
          .sendJsonObject(new JsonObject().put("refresh_token", refreshToken)));
    }
    Future.join(calls).await();
    return calls.stream().map(Future::result).toList();
  }

  @Test
  @DisplayName("50 concurrent refreshes of one token: exactly one succeeds; the spent token then kills its family")
  void concurrentRefreshWithoutGrace() {
    fixture.start();
    String refreshToken = primaryRefreshToken("42");
    List<HttpResponse<Buffer>> answers = refreshConcurrently(refreshToken, 50);

    List<HttpResponse<Buffer>> succeeded = answers.stream().filter(r -> r.statusCode() == 200).toList();
    assertThat(succeeded).hasSize(1);
    assertThat(answers).filteredOn(r -> r.statusCode() != 200)
        .allSatisfy(r -> {
          assertThat(r.statusCode()).isEqualTo(401);
          assertThat(r.bodyAsJsonObject().getString("code")).isIn("refresh_token_reused", "revoked");
        });
    JsonObject pair = succeeded.get(0).bodyAsJsonObject();
    assertThat(pair.getString("token_type")).isEqualTo("Bearer");
    assertThat(pair.getLong("expires_in")).isPositive();

    // the family was killed by the losers' reuse: its fresh tokens are revoked too
    assertThat(fixture.validate(pair.getString("access_token")).getString("reason")).isEqualTo("revoked");
    HttpResponse<Buffer> again = fixture.post(fixture.adapter.port(), "/api/v1/jwt/refresh",
        new JsonObject().put("refresh_token", pair.getString("refresh_token")));
    assertThat(again.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("with a grace window, every concurrent refresh that succeeds carries the same successor pair")
  void concurrentRefreshWithGrace() {
    fixture.start(fixture.config().put(JwtSettings.JWT_REFRESH_REUSE_GRACE_S, "30"));
    List<HttpResponse<Buffer>> answers = refreshConcurrently(primaryRefreshToken("7"), 50);
    Set<String> pairs = answers.stream().filter(r -> r.statusCode() == 200)
        .map(r -> r.bodyAsJsonObject().getString("access_token") + "|" + r.bodyAsJsonObject().getString("refresh_token"))
        .collect(Collectors.toSet());
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(pairs).hasSize(1);
  }

  @Test
  @DisplayName("a rotated chain works once per link; presenting a spent link revokes every token of the family")
  void reuseKillsFamily() {
    fixture.start();
    JsonObject first = fixture.post(fixture.adapter.port(), "/api/v1/jwt/refresh",
        new JsonObject().put("refresh_token", primaryRefreshToken("9"))).bodyAsJsonObject();
    JsonObject second = fixture.post(fixture.adapter.port(), "/api/v1/jwt/refresh",
        new JsonObject().put("refresh_token", first.getString("refresh_token"))).bodyAsJsonObject();
    assertThat(fixture.validate(second.getString("access_token")).getBoolean("valid")).isTrue();

    HttpResponse<Buffer> replay = fixture.post(fixture.adapter.port(), "/api/v1/jwt/refresh",
        new JsonObject().put("refresh_token", first.getString("refresh_token")));
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.bodyAsJsonObject().getString("code")).isEqualTo("refresh_token_reused");
    for (String token : List.of(first.getString("access_token"), second.getString("access_token"), second.getString("refresh_token"))) {
      assertThat(fixture.validate(token).getString("reason")).isEqualTo("revoked");
    }
  }

  @Test
  @DisplayName("an external access token is exchanged for a suite token with the same identity")
  void exchange() {
    fixture.start();
    HttpResponse<Buffer> response = fixture.post(fixture.adapter.port(), "/api/v1/jwt/exchange",
        new JsonObject().put("token", fixture.rs256(fixture.externalClaims("alice"))));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject exchanged = response.bodyAsJsonObject();
    assertThat(exchanged.getString("issued_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
    JsonObject identity = fixture.validate(exchanged.getString("access_token")).getJsonObject("identity");
    assertThat(identity.getString("issuer")).isEqualTo("authsuite");
    assertThat(identity.getString("user_id")).isEqualTo("alice");
    assertThat(identity.getJsonArray("roles")).containsExactly("chat-user");

    HttpResponse<Buffer> forged = fixture.post(fixture.adapter.port(), "/api/v1/jwt/exchange",
        new JsonObject().put("token", TestTokens.unsigned(new JsonObject().put("alg", "none"), fixture.externalClaims("eve"))));
    assertThat(forged.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("revoking a jti, a session or a user is seen by validate and verify here and on a second instance")
  void revocationAcrossInstances() throws Exception {
    fixture.start();
    TokenAdapterVerticle second = fixture.startAnother();
    String byJti = TestTokens.primary(TestTokens.primaryClaims("1").put("jti", "jti-1"));
    String bySession = TestTokens.primary(TestTokens.primaryClaims("2").put("sid", "sess-2"));
    String byUser = TestTokens.primary(TestTokens.primaryClaims("3").put("iat", System.currentTimeMillis() / 1000 - 5));
    for (String token : List.of(byJti, bySession, byUser)) {
      assertThat(fixture.validate(token).getBoolean("valid")).isTrue();
      assertThat(fixture.validate(second.port(), new JsonObject().put("token", token)).getBoolean("valid")).isTrue();
    }
    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("jti", "jti-1")).statusCode()).isEqualTo(200);
    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("session_id", "sess-2")).statusCode()).isEqualTo(200);
    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("user_id", "3")).statusCode()).isEqualTo(200);

    for (String token : List.of(byJti, bySession, byUser)) {
      assertThat(fixture.validate(token).getString("reason")).isEqualTo("revoked");
      assertThat(fixture.verify(fixture.adapter.port(), token).statusCode()).isEqualTo(401);
      assertThat(eventually(() -> fixture.validate(second.port(), new JsonObject().put("token", token)).getString("reason")))
          .isEqualTo("revoked");
      assertThat(fixture.verify(second.port(), token).statusCode()).isEqualTo(401);
    }
    // a token the user gets after the revocation is fine
    String later = TestTokens.primary(TestTokens.primaryClaims("3").put("iat", System.currentTimeMillis() / 1000 + 1));
    assertThat(fixture.validate(later).getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("revoke and key rotation are internal: no token or a user's token is 401")
  void internalOnly() {
    fixture.start();
    HttpResponse<Buffer> anonymous = fixture.post(fixture.adapter.port(), "/api/v1/jwt/revoke", new JsonObject().put("jti", "x"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> asUser = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/revoke")
        .putHeader("Authorization", "Bearer " + TestTokens.primary(TestTokens.primaryClaims("1")))
        .sendJsonObject(new JsonObject().put("jti", "x")).await();
    assertThat(asUser.statusCode()).isEqualTo(401);
    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject()).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("a suite key rotation keeps earlier suite tokens valid and signs new ones with the new kid")
  void suiteKeyRotation() {
    fixture.start();
    String before = fixture.post(fixture.adapter.port(), "/api/v1/jwt/exchange",
        new JsonObject().put("token", fixture.rs256(fixture.externalClaims("k")))).bodyAsJsonObject().getString("access_token");
    HttpResponse<Buffer> rotated = fixture.internalPost("/api/v1/jwt/keys/rotate", new JsonObject());
    assertThat(rotated.statusCode()).isEqualTo(200);
    String after = fixture.post(fixture.adapter.port(), "/api/v1/jwt/exchange",
        new JsonObject().put("token", fixture.rs256(fixture.externalClaims("k")))).bodyAsJsonObject().getString("access_token");
    assertThat(fixture.validate(before).getBoolean("valid")).isTrue();
    assertThat(fixture.validate(after).getBoolean("valid")).isTrue();
    JsonObject header = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(after.split("\\.")[0])));
    assertThat(header.getString("kid")).isEqualTo(rotated.bodyAsJsonObject().getString("kid"));
  }

  private static String eventually(java.util.function.Supplier<String> read) {
    return Eventually.until(read, "revoked"::equals, Duration.ofSeconds(2));
  }

}
