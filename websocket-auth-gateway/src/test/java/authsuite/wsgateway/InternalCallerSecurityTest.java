package authsuite.wsgateway;

import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@Timeout(60)
@ExtendWith(VertxExtension.class)
@DisplayName("The gateway's internal caller is known by the internal token alone, and connection-info shows no session ids")
class InternalCallerSecurityTest {
  private static final String POLICY = new JsonObject()
      .put("chat-user", new JsonObject().put("rooms.*", new JsonArray().add("subscribe").add("publish"))).encode();
  private GatewayFixture fixture;
  private Vertx vertx;
  private int port;
  private String victim;
  private String victimSession;
  private String victimConnection;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    fixture = new GatewayFixture(vertx);
    port = fixture.start(fixture.config().put(GatewaySettings.WS_POLICY, POLICY)).port();
    victim = GatewayFixture.uniqueUser();
    String token = GatewayFixture.token(victim, 300);
    victimSession = GatewayFixture.claims(token).getString("sid");
    fixture.openWithBearer(port, token);
    victimConnection = info("user_id=" + victim, TestTokens.internal(vertx)).bodyAsJsonObject()
        .getJsonArray("connections").getJsonObject(0).getString("connection_id");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** Signed with the right key, unexpired, with every claim a user token has, and an empty subject. */
  private static String emptySubjectToken() {
    long now = Instant.now().getEpochSecond();
    return TestTokens.primary(TestTokens.primaryClaims("").put("iat", now - 5).put("jti", "j-" + UUID.randomUUID())
        .put("roles", new JsonArray().add("chat-user")));
  }

  @Test
  @DisplayName("a user token with sub \"\" cannot list another user's connections")
  void emptySubjectCannotListConnections() {
    HttpResponse<Buffer> answer = info("user_id=" + victim, emptySubjectToken());

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(401, 403);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.bodyAsString()).doesNotContain(victimSession).doesNotContain(victimConnection);
  }

  @Test
  @DisplayName("a user token with sub \"\" cannot read a connection by its id")
  void emptySubjectCannotReadConnection() {
    HttpResponse<Buffer> answer = info("connection_id=" + victimConnection, emptySubjectToken());

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(401, 403, 404);
    assertThat(answer.bodyAsString()).doesNotContain(victimSession);
  }

  @Test
  @DisplayName("a user token with sub \"\" cannot authorize channels on another user's connection")
  void emptySubjectCannotAuthorizeOnVictimConnection() {
    HttpResponse<Buffer> answer = fixture.http.post(port, "127.0.0.1", "/api/v1/ws-auth/authorize")
        .putHeader("Authorization", "Bearer " + emptySubjectToken())
        .sendJsonObject(new JsonObject().put("connection_id", victimConnection).put("channel", "rooms.1").put("action", "publish"))
        .await();

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(401, 403, 404);
    JsonObject entry = info("connection_id=" + victimConnection, TestTokens.internal(vertx)).bodyAsJsonObject()
        .getJsonArray("connections").getJsonObject(0);
    assertThat(entry.getJsonArray("channels")).isEmpty();
  }

  @Test
  @DisplayName("connection-info shows no session id, not even to the internal caller or the user")
  void connectionInfoHasNoSessionIds() {
    for (String bearer : new String[] {TestTokens.internal(vertx), GatewayFixture.token(victim, 300)}) {
      HttpResponse<Buffer> answer = info("user_id=" + victim, bearer);
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonObject entry = answer.bodyAsJsonObject().getJsonArray("connections").getJsonObject(0);
      assertThat(entry.getString("connection_id")).isEqualTo(victimConnection);
      assertThat(entry.containsKey("session_id")).isFalse();
      assertThat(answer.bodyAsString()).doesNotContain(victimSession);
    }
  }

  private HttpResponse<Buffer> info(String query, String bearer) {
    return fixture.http.get(port, "127.0.0.1", "/api/v1/ws-auth/connection-info?" + query)
        .putHeader("Authorization", "Bearer " + bearer).send().await();
  }
}
