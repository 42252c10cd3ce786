package authsuite.fallback;

import authsuite.common.events.ModeChange;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("create turns a still-valid access token into an emergency session, and nothing else")
class CreateSessionTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx).start();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("an access token about to expire becomes a full emergency lifetime, same user and session, reduced roles")
  void accessTokenBecomesAnEmergencySession() {
    fixture.forceMode(ModeChange.DEGRADED);
    long now = Instant.now().getEpochSecond();
    String access = TestTokens.primary(TestTokens.primaryClaims("42").put("sid", "s-9f2c").put("exp", now + 60)
        .put("roles", new io.vertx.core.json.JsonArray().add("admin")));

    HttpResponse<Buffer> response = fixture.post("/api/v1/fallback/create", new JsonObject().put("token", access));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getLong("expires_in")).as("outlives the access token, which cannot be refreshed in an outage")
        .isGreaterThan(60L).isLessThanOrEqualTo(900L);
    JsonObject identity = body.getJsonObject("identity");
    assertThat(identity.getString("user_id")).isEqualTo("42");
    assertThat(identity.getString("session_id")).isEqualTo("s-9f2c");
    assertThat(identity.getJsonArray("roles").getList()).containsExactly("emergency-user");
    assertThat(fixture.validate(body.getString("access_token")).getBoolean("valid")).isTrue();

    var row = fixture.auditRows().get(0);
    assertThat(row.getString("kind")).isEqualTo("session");
    assertThat(row.getString("outcome")).isEqualTo("granted");
    assertThat(row.getString("user_id")).isEqualTo("42");
    assertThat(row.getString("token_id")).isNotBlank();
  }

  @Test
  @DisplayName("an emergency or refresh token cannot be turned into one (no chaining); expired and forged tokens are 401")
  void refusesEverythingElse() {
    fixture.forceMode(ModeChange.DEGRADED);
    String emergency = fixture.signIn("alice", FallbackFixture.PASSWORD).bodyAsJsonObject().getString("access_token");

    HttpResponse<Buffer> chained = fixture.post("/api/v1/fallback/create", new JsonObject().put("token", emergency));
    assertThat(chained.statusCode()).isEqualTo(400);
    assertThat(chained.bodyAsJsonObject().getString("code")).isEqualTo("unsupported_token_type");

    String refresh = TestTokens.primary(TestTokens.primaryClaims("42").put("type", "refresh").put("jti", "r-1"));
    assertThat(fixture.post("/api/v1/fallback/create", new JsonObject().put("token", refresh)).statusCode()).isEqualTo(400);

    long now = Instant.now().getEpochSecond();
    HttpResponse<Buffer> expired = fixture.post("/api/v1/fallback/create", new JsonObject()
        .put("token", TestTokens.primary(TestTokens.primaryClaims("42").put("iat", now - 7200).put("exp", now - 3600))));
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.bodyAsJsonObject().getString("code")).isEqualTo("token_expired");
    assertThat(expired.getHeader("WWW-Authenticate")).startsWith("Bearer");

    String forged = TestTokens.hmac(new JsonObject().put("alg", "HS256"), TestTokens.primaryClaims("42"),
        "another-secret-that-is-long-enough-0123456789".getBytes());
    assertThat(fixture.post("/api/v1/fallback/create", new JsonObject().put("token", forged)).bodyAsJsonObject().getString("code"))
        .isEqualTo("bad_signature");

    HttpResponse<Buffer> none = fixture.post("/api/v1/fallback/create", new JsonObject());
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.bodyAsJsonObject().getString("code")).isEqualTo("missing_token");

    assertThat(fixture.auditRows().stream().filter(r -> "session".equals(r.getString("kind"))).map(r -> r.getString("outcome")))
        .as("every attempt with a token is audited; a request without one is not an attempt")
        .containsExactlyInAnyOrder("not_an_access_token", "not_an_access_token", "invalid_token_token_expired",
            "invalid_token_bad_signature");
  }

  @Test
  @DisplayName("in normal mode create is 403 fallback_not_active too")
  void closedInNormalMode() {
    HttpResponse<Buffer> response = fixture.post("/api/v1/fallback/create",
        new JsonObject().put("token", TestTokens.primary(TestTokens.primaryClaims("42"))));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("fallback_not_active");
  }
}
