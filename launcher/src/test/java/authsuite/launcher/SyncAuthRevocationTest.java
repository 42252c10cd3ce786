package authsuite.launcher;

import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import authsuite.coordinator.CoordinatorVerticle;
import authsuite.jwt.TokenAdapterVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A sync-auth revocation through the coordinator reaches every adapter instance")
class SyncAuthRevocationTest {
  /** A bound on the wait for the revocation to arrive, not a speed asserted: how soon it arrives is a latency. */
  private static final long PATIENCE_MS = 10_000;
  private final String prefix = TestRedis.uniqueKeyPrefix();

  @AfterEach
  void cleanUp(Vertx vertx) {
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
  }

  @Test
  @DisplayName("revoke_user through sync-auth: a second jwt-token-adapter instance rejects that user's tokens, learned from the event")
  void revokeUserReachesSecondAdapter(Vertx vertx) {
    JsonObject config = TestServices.redisConfig(prefix);
    TestServices.start(vertx, new TokenAdapterVerticle(), config).await();
    TokenAdapterVerticle second = TestServices.start(vertx, new TokenAdapterVerticle(), config).await();
    CoordinatorVerticle coordinator = TestServices.start(vertx, new CoordinatorVerticle(), config).await();
    WebClient client = WebClient.create(vertx);
    // issued a few seconds ago: revoking a user revokes what was issued before the revocation
    JsonObject claims = TestTokens.primaryClaims("42").put("iat", Instant.now().getEpochSecond() - 5);
    String token = TestTokens.primary(claims);
    String bystander = TestTokens.primary(TestTokens.primaryClaims("43").put("iat", Instant.now().getEpochSecond() - 5));
    assertThat(validate(client, second.port(), token).getBoolean("valid")).isTrue();

    var published = client.post(coordinator.port(), "127.0.0.1", "/api/v1/coordinator/sync-auth")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx))
        .sendJsonObject(new JsonObject().put("type", "revoke_user").put("user_id", "42")).await();
    assertThat(published.statusCode()).isEqualTo(200);
    assertThat(published.bodyAsJsonObject().getLong("receivers")).isGreaterThanOrEqualTo(2);

    // rejected once the event has arrived: the second adapter reloads the store only every 60 s (its default resync),
    // longer than this wait, so the event is what tells it
    JsonObject answer = Eventually.until(vertx, () -> validate(client, second.port(), token),
        a -> !a.getBoolean("valid"), Duration.ofMillis(PATIENCE_MS));
    assertThat(answer.getString("reason")).isEqualTo("revoked");
    assertThat(validate(client, second.port(), bystander).getBoolean("valid")).isTrue();
    client.close();
  }

  @Test
  @DisplayName("a sync-auth revocation is kept, not only announced: an adapter started afterwards rejects the revoked session's tokens")
  void revocationOutlivesTheEvent(Vertx vertx) {
    JsonObject config = TestServices.redisConfig(prefix);
    CoordinatorVerticle coordinator = TestServices.start(vertx, new CoordinatorVerticle(), config).await();
    WebClient client = WebClient.create(vertx);
    String token = TestTokens.primary(TestTokens.primaryClaims("44").put("sid", "s-late"));

    var published = client.post(coordinator.port(), "127.0.0.1", "/api/v1/coordinator/sync-auth")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx))
        .sendJsonObject(new JsonObject().put("type", "revoke_session").put("session_id", "s-late")).await();
    assertThat(published.statusCode()).isEqualTo(200);

    TokenAdapterVerticle late = TestServices.start(vertx, new TokenAdapterVerticle(), config).await();
    JsonObject answer = validate(client, late.port(), token);
    assertThat(answer.getBoolean("valid")).isFalse();
    assertThat(answer.getString("reason")).isEqualTo("revoked");
    client.close();
  }

  private static JsonObject validate(WebClient client, int port, String token) {
    return client.post(port, "127.0.0.1", "/api/v1/jwt/validate").sendJsonObject(new JsonObject().put("token", token))
        .await().bodyAsJsonObject();
  }
}
