package authsuite.fallback;

import authsuite.common.events.ModeChange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Emergency sign-in against the seeded users table, open only while the mode allows it")
class EmergencyAuthTest {
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
  @DisplayName("mode degraded: the right password gets an emergency token with the reduced roles and scopes")
  void rightPasswordGetsAToken() {
    fixture.forceMode(ModeChange.DEGRADED);

    HttpResponse<Buffer> response = fixture.signIn("alice", FallbackFixture.PASSWORD);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isBetween(1L, 900L);
    assertThat(body.containsKey("degraded")).isFalse();
    JsonObject identity = body.getJsonObject("identity");
    assertThat(identity.getString("username")).isEqualTo("alice");
    assertThat(identity.getString("email")).isEqualTo("alice@example.com");
    assertThat(identity.getString("token_type")).isEqualTo("emergency");
    assertThat(identity.getString("source")).isEqualTo("emergency");
    assertThat(identity.getJsonArray("roles").getList()).containsExactly("emergency-user");
    assertThat(identity.getJsonArray("scopes").getList()).containsExactly("read");
  }

  @Test
  @DisplayName("a wrong password, an inactive user and an unknown user are refused the same way")
  void refusalsLookAlike() {
    fixture.forceMode(ModeChange.DEGRADED);

    JsonObject wrong = refusal(fixture.signIn("alice", "not the password"));
    JsonObject inactive = refusal(fixture.signIn("bob", FallbackFixture.PASSWORD));
    JsonObject unknown = refusal(fixture.signIn("nobody-" + System.nanoTime(), FallbackFixture.PASSWORD));

    assertThat(wrong.getString("code")).isEqualTo("invalid_credentials");
    for (JsonObject other : new JsonObject[] {inactive, unknown}) {
      assertThat(other.getString("code")).isEqualTo(wrong.getString("code"));
      assertThat(other.getString("detail")).isEqualTo(wrong.getString("detail"));
      assertThat(other.getInteger("status")).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("$2a$, $2b$ and $2y$ hashes (one made by PHP) all verify; email works as well as username")
  void everyBcryptForm() {
    fixture.forceMode(ModeChange.EMERGENCY);

    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
    assertThat(fixture.signIn("carol", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
    assertThat(fixture.signIn("dave", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
    assertThat(fixture.signIn("rasmus", "rasmuslerdorf").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> byEmail = fixture.post("/api/v1/fallback/emergency-auth",
        new JsonObject().put("email", "carol@example.com").put("password", FallbackFixture.PASSWORD));
    assertThat(byEmail.statusCode()).isEqualTo(200);
    assertThat(byEmail.bodyAsJsonObject().getJsonObject("identity").getString("username")).isEqualTo("carol");
  }

  @Test
  @DisplayName("mode normal (and no mode known yet): 403 fallback_not_active, even with the right password")
  void closedInNormalMode() {
    HttpResponse<Buffer> beforeAnyMode = fixture.signIn("alice", FallbackFixture.PASSWORD);
    assertThat(beforeAnyMode.statusCode()).isEqualTo(403);
    assertThat(beforeAnyMode.bodyAsJsonObject().getString("code")).isEqualTo("fallback_not_active");
    assertThat(beforeAnyMode.getHeader("Content-Type")).isEqualTo("application/problem+json");

    fixture.forceMode(ModeChange.DEGRADED);
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);

    fixture.forceMode(ModeChange.NORMAL);
    HttpResponse<Buffer> afterRecovery = fixture.signIn("alice", FallbackFixture.PASSWORD);
    assertThat(afterRecovery.statusCode()).isEqualTo(403);
    assertThat(afterRecovery.bodyAsJsonObject().getString("code")).isEqualTo("fallback_not_active");
  }

  @Test
  @DisplayName("a provider started after the mode changed reads it from Redis and is open at once")
  void readsTheCurrentModeAtStart(Vertx vertx) {
    fixture.forceMode(ModeChange.DEGRADED);
    FallbackProviderVerticle late = fixture.startAnother();

    HttpResponse<Buffer> response = fixture.client.post(late.port(), "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", "alice").put("password", FallbackFixture.PASSWORD)).await();

    assertThat(response.statusCode()).isEqualTo(200);
    vertx.undeploy(late.deploymentID()).await();
  }

  private static JsonObject refusal(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    return response.bodyAsJsonObject();
  }
}
