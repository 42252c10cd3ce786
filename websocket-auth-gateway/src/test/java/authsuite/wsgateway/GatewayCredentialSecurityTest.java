package authsuite.wsgateway;

import authsuite.common.events.AuthEvent;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JWT core's credential rules at the gateway (docs/threat-model.md, "one credential rule", "derived tokens carry their lineage"). */
@Tag("security")
@Timeout(60)
@ExtendWith(VertxExtension.class)
@DisplayName("The gateway takes only access credentials that name a user, and drops sockets whose token's source is revoked")
class GatewayCredentialSecurityTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private GatewayFixture fixture;
  private WebSocketGatewayVerticle gateway;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
    gateway = fixture.start(fixture.config().put(GatewaySettings.WS_AUTH_TIMEOUT_S, "2"));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a refresh token gets no ticket, no socket by header or auth message, and no channel authorization")
  void refreshTokenIsNoAccessCredential() {
    int before = fixture.upstream.connections.get();
    for (String refresh : List.of(refreshToken("type"), refreshToken("token_type"))) {
      JsonObject answer = fixture.ticket(gateway.port(), refresh).bodyAsJsonObject();
      assertThat(answer.getBoolean("valid")).as(answer.encode()).isFalse();
      assertThat(answer.getString("reason")).isEqualTo("wrong_token_type");
      assertThat(answer.containsKey("ticket")).isFalse();

      assertThatThrownBy(() -> fixture.connectWithBearer(gateway.port(), refresh).await())
          .isInstanceOfSatisfying(UpgradeRejectedException.class, rejected -> assertThat(rejected.getStatus()).isEqualTo(401));

      Received byMessage = fixture.open(gateway.port(), new WebSocketConnectOptions().setURI("/ws"));
      byMessage.socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", refresh).encode());
      assertThat(byMessage.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHENTICATED);

      HttpResponse<Buffer> authorized = fixture.http.post(gateway.port(), "127.0.0.1", "/api/v1/ws-auth/authorize")
          .sendJsonObject(new JsonObject().put("token", refresh).put("channel", "rooms.42").put("action", "publish")).await();
      assertThat(authorized.statusCode()).isEqualTo(401);
      assertThat(authorized.bodyAsJsonObject().getString("code")).isEqualTo("wrong_token_type");
    }
    assertThat(fixture.upstream.connections.get()).isEqualTo(before);
  }

  @Test
  @DisplayName("a signed token naming no user (array or object sub, none at all) gets no ticket")
  void noUserNoTicket() {
    JsonObject arraySub = TestTokens.primaryClaims("x").put("sub", new JsonArray().add("a").add("b"));
    JsonObject objectSub = TestTokens.primaryClaims("x").put("sub", new JsonObject().put("id", "a"));
    JsonObject noUser = TestTokens.primaryClaims("x");
    noUser.remove("sub");
    for (JsonObject claims : List.of(arraySub, objectSub, noUser)) {
      JsonObject answer = fixture.ticket(gateway.port(), TestTokens.primary(claims)).bodyAsJsonObject();
      assertThat(answer.getString("reason")).as(claims.encode()).isEqualTo("malformed");
      assertThat(answer.containsKey("ticket")).isFalse();
    }
  }

  @Test
  @DisplayName("a socket opened with a token minted from another closes with 4003 when that source's jti is revoked")
  void socketDiesWithItsTokensSource() throws Exception {
    String source = "src-" + UUID.randomUUID();
    long now = Instant.now().getEpochSecond();
    String derived = TestTokens.primary(TestTokens.primaryClaims("heir").put("iat", now - 5).put("exp", now + 300)
        .put("jti", "j-" + UUID.randomUUID()).put("ancestors", new JsonArray().add(source)));
    Received client = fixture.openWithBearer(gateway.port(), derived);
    client.socket.writeTextMessage("before");
    assertThat(client.next(WAIT)).isEqualTo("before");

    gateway.platform().events().publish(AuthEvent.of("revoke_token",
        new JsonObject().put("jti", source).put("until", Instant.now().plusSeconds(600).toString()), "test")).await();

    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    JsonObject answer = fixture.ticket(gateway.port(), derived).bodyAsJsonObject();
    assertThat(answer.getString("reason")).isEqualTo("revoked");
  }

  private static String refreshToken(String typeClaim) {
    long now = Instant.now().getEpochSecond();
    return TestTokens.primary(TestTokens.primaryClaims("refresher").put("type", (String) null).put(typeClaim, "refresh")
        .put("iat", now - 5).put("exp", now + 3600).put("jti", "r-" + UUID.randomUUID()).put("sid", "s-" + UUID.randomUUID())
        .put("roles", new JsonArray().add("chat-user")));
  }
}
