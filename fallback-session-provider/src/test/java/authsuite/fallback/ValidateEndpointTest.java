package authsuite.fallback;

import authsuite.common.jwt.TokenUse;
import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.events.ModeChange;
import authsuite.common.jwt.JwtCore;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Emergency tokens validate here and in every service's validator, and nothing else passes as one")
class ValidateEndpointTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx).start();
    fixture.forceMode(ModeChange.DEGRADED);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("the issued token validates at /api/v1/fallback/validate with source emergency, by body or bearer header")
  void validatesHere() {
    String token = tokenFor("alice");

    JsonObject answer = fixture.validate(token);
    assertThat(answer.getBoolean("valid")).isTrue();
    JsonObject identity = answer.getJsonObject("identity");
    assertThat(identity.getString("source")).isEqualTo("emergency");
    assertThat(identity.getString("token_type")).isEqualTo("emergency");
    assertThat(identity.getString("username")).isEqualTo("alice");
    assertThat(identity.getString("user_id")).isNotBlank();

    HttpResponse<Buffer> byHeader = fixture.client.post(fixture.service.port(), "127.0.0.1", "/api/v1/fallback/validate")
        .putHeader("Authorization", "Bearer " + token).send().await();
    assertThat(byHeader.statusCode()).as(byHeader.bodyAsString()).isEqualTo(200);
    assertThat(byHeader.bodyAsJsonObject().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("the session normalizer's validator (common's, on a platform without Redis) accepts the same token")
  void validatesInTheNormalizersValidator(Vertx vertx) {
    String token = tokenFor("carol");
    ServicePlatform normalizer = ServicePlatform.create(vertx, SuiteConfig.from(TestServices.embeddedConfig()),
        SuiteService.SESSION_VALIDATION_NORMALIZER, Set.of());
    JwtCore core = JwtCore.start(normalizer).await();
    try {
      TokenCheck check = core.validator().validate(token, TokenUse.REQUEST).await();
      assertThat(check.isValid()).isTrue();
      assertThat(check.identity().source()).isEqualTo("emergency");
      assertThat(check.identity().username()).isEqualTo("carol");
    } finally {
      core.close().await();
      normalizer.close().await();
    }
  }

  @Test
  @DisplayName("a valid token of another type is not_emergency_token; forged, unsigned and garbage tokens are refused")
  void onlyEmergencyTokens() {
    String primary = TestTokens.primary(TestTokens.primaryClaims("42"));
    assertThat(fixture.validate(primary).getString("reason")).isEqualTo("not_emergency_token");

    JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(tokenFor("alice").split("\\.")[1]),
        StandardCharsets.UTF_8));
    String forged = TestTokens.hmac(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims,
        TestTokens.JWT_SECRET_KEY.getBytes(StandardCharsets.UTF_8));
    assertThat(fixture.validate(forged).getString("reason")).isEqualTo("bad_signature");
    assertThat(fixture.validate(TestTokens.unsigned(new JsonObject().put("alg", "none"), claims)).getString("reason"))
        .isEqualTo("alg_not_allowed");
    assertThat(fixture.validate("not.a.token").getString("reason")).isEqualTo("malformed");

    long now = Instant.now().getEpochSecond();
    String tooLong = TestTokens.hmac(new JsonObject().put("alg", "HS256").put("typ", "JWT"),
        claims.copy().put("iat", now).put("exp", now + 3600), TestTokens.EMERGENCY_SIGNING_KEY.getBytes(StandardCharsets.UTF_8));
    assertThat(fixture.validate(tooLong).getBoolean("valid")).as("an emergency-key token living over 15 minutes").isFalse();
  }

  @Test
  @DisplayName("no token is 400 missing_token; a token over 8 KiB is 413; garbage JSON is 400 - all problem+json")
  void malformedRequests() {
    HttpResponse<Buffer> none = fixture.post("/api/v1/fallback/validate", new JsonObject());
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.bodyAsJsonObject().getString("code")).isEqualTo("missing_token");

    HttpResponse<Buffer> huge = fixture.post("/api/v1/fallback/validate",
        new JsonObject().put("token", "a".repeat(JwtSettings.MAX_TOKEN_BYTES + 1)));
    assertThat(huge.statusCode()).isEqualTo(413);

    HttpResponse<Buffer> garbage = fixture.postRaw("/api/v1/fallback/validate", "application/json", Buffer.buffer("{\"token\":"));
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.getHeader("Content-Type")).isEqualTo("application/problem+json");

    HttpResponse<Buffer> wrongType = fixture.post("/api/v1/fallback/validate", new JsonObject().put("token", 42));
    assertThat(wrongType.statusCode()).isEqualTo(400);
  }

  private String tokenFor(String username) {
    HttpResponse<Buffer> response = fixture.signIn(username, FallbackFixture.PASSWORD);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("access_token");
  }
}
