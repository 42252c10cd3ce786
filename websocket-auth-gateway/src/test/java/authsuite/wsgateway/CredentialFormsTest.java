package authsuite.wsgateway;

import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@org.junit.jupiter.api.Timeout(60)
@DisplayName("GET /ws authenticates by every credential form and refuses bad ones before the upstream")
class CredentialFormsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private GatewayFixture fixture;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = newFixture(vertx);
    port = fixture.start(fixture.config().put(GatewaySettings.WS_AUTH_TIMEOUT_S, "1")).port();
  }

  /** The fixture these tests run on; a subclass runs them again on a Redis Cluster. */
  protected GatewayFixture newFixture(Vertx vertx) {
    return new GatewayFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a ticket from POST /api/v1/ws-auth/validate opens a relay that echoes text and binary")
  void ticket() throws Exception {
    String token = GatewayFixture.token("alice", 300);
    JsonObject answer = fixture.ticket(port, token).bodyAsJsonObject();
    assertThat(answer.getBoolean("valid")).isTrue();
    assertThat(answer.getJsonObject("identity").getString("user_id")).isEqualTo("alice");
    assertThat(answer.getLong("ticket_expires_in")).isEqualTo(30);

    WebSocket socket = fixture.connect(port, new WebSocketConnectOptions().setURI("/ws?ticket=" + answer.getString("ticket"))).await();
    assertEchoes(new Received(socket));
    assertThat(fixture.upstream.lastHeaders.get("X-User-Id")).isEqualTo("alice");
    assertThat(fixture.upstream.lastHeaders.get("X-User-Roles")).isEqualTo("chat-user");
  }

  @Test
  @DisplayName("a ticket works once: the second upgrade with it is refused 401 and never reaches the upstream")
  void ticketReused() {
    String ticket = fixture.ticket(port, GatewayFixture.token("bob", 300)).bodyAsJsonObject().getString("ticket");
    fixture.connect(port, new WebSocketConnectOptions().setURI("/ws?ticket=" + ticket)).await();
    int upstreamConnections = fixture.upstream.connections.get();

    assertRefused(new WebSocketConnectOptions().setURI("/ws?ticket=" + ticket));
    assertRefused(new WebSocketConnectOptions().setURI("/ws?ticket=not-a-ticket"));
    assertRefused(new WebSocketConnectOptions().setURI("/ws?ticket=" + "x".repeat(100)));
    assertThat(fixture.upstream.connections.get()).isEqualTo(upstreamConnections);
  }

  @Test
  @DisplayName("Sec-WebSocket-Protocol: bearer, <token> is answered with the bearer subprotocol and relays")
  void subprotocol() throws Exception {
    WebSocket socket = fixture.connect(port, new WebSocketConnectOptions().setURI("/ws")
        .setSubProtocols(List.of("bearer", GatewayFixture.token("carol", 300)))).await();
    assertThat(socket.subProtocol()).isEqualTo("bearer");
    assertEchoes(new Received(socket));
    assertThat(fixture.upstream.lastHeaders.get("X-User-Id")).isEqualTo("carol");
  }

  @Test
  @DisplayName("Authorization: Bearer on the upgrade relays")
  void authorizationHeader() throws Exception {
    assertEchoes(fixture.openWithBearer(port, GatewayFixture.token("dave", 300)));
  }

  @Test
  @DisplayName("a first message {type: auth} authenticates: auth_ok, then the relay")
  void authMessage() throws Exception {
    int before = fixture.upstream.connections.get();
    Received client = fixture.open(port, new WebSocketConnectOptions().setURI("/ws"));
    assertThat(fixture.upstream.connections.get()).isEqualTo(before);
    client.socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", GatewayFixture.token("erin", 300)).encode());
    JsonObject ok = new JsonObject((String) client.next(WAIT));
    assertThat(ok.getString("type")).isEqualTo("auth_ok");
    assertThat(ok.getString("connection_id")).isNotBlank();
    assertEchoes(client);
  }

  @Test
  @DisplayName("no auth message within WS_AUTH_TIMEOUT_S closes with 4401 and no upstream socket")
  void authTimeout() {
    int before = fixture.upstream.connections.get();
    Received client = fixture.open(port, new WebSocketConnectOptions().setURI("/ws"));
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHENTICATED);
    assertThat(client.closeReason).isEqualTo("auth_timeout");
    assertThat(fixture.upstream.connections.get()).isEqualTo(before);
  }

  @Test
  @DisplayName("an auth message that is not one, or carries a bad token, closes with 4401 and no upstream socket")
  void badAuthMessages() {
    int before = fixture.upstream.connections.get();
    for (String message : List.of("hello", "{\"type\":\"auth\"}", "{\"type\":\"auth\",\"token\":42}", "[1,2]", "{\"type\":",
        new JsonObject().put("type", "auth").put("token", forged()).encode(),
        new JsonObject().put("type", "auth").put("token", expired()).encode())) {
      Received client = fixture.open(port, new WebSocketConnectOptions().setURI("/ws"));
      client.socket.writeTextMessage(message);
      assertThat(client.closeCode(WAIT)).as(message).isEqualTo(CloseCodes.UNAUTHENTICATED);
    }
    Received binary = fixture.open(port, new WebSocketConnectOptions().setURI("/ws"));
    binary.socket.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3}));
    assertThat(binary.closeCode(WAIT)).isEqualTo(CloseCodes.UNAUTHENTICATED);
    assertThat(fixture.upstream.connections.get()).isEqualTo(before);
  }

  @Test
  @DisplayName("forged, expired, alg none, garbage and oversized header tokens are refused 401 before any upstream connection")
  void refusedHeaderTokens() {
    int before = fixture.upstream.connections.get();
    JsonObject claims = TestTokens.primaryClaims("mallory");
    for (String token : List.of(forged(), expired(), TestTokens.unsigned(new JsonObject().put("alg", "none"), claims),
        "garbage", "a.b.c", "eyJ" + "A".repeat(9000))) {
      assertRefused(new WebSocketConnectOptions().setURI("/ws").putHeader("Authorization", "Bearer " + token));
      assertRefused(new WebSocketConnectOptions().setURI("/ws").setSubProtocols(List.of("bearer", token.length() > 100 ? "x" + token.substring(0, 90) : token)));
    }
    assertThat(fixture.upstream.connections.get()).isEqualTo(before);
  }

  @Test
  @DisplayName("a refused upgrade is answered with problem+json naming the reason")
  void refusedAsProblem() {
    HttpResponse<Buffer> response = fixture.http.get(port, "127.0.0.1", "/ws")
        .putHeader("Connection", "Upgrade").putHeader("Upgrade", "websocket").putHeader("Sec-WebSocket-Version", "13")
        .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").putHeader("Authorization", "Bearer " + expired())
        .send().await();
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("token_expired");
  }

  @Test
  @DisplayName("a plain GET /ws, even with a valid token, is 426 upgrade_required and opens nothing upstream")
  void plainGet() {
    int before = fixture.upstream.connections.get();
    HttpResponse<Buffer> response = fixture.http.get(port, "127.0.0.1", "/ws")
        .putHeader("Authorization", "Bearer " + GatewayFixture.token("plain", 300)).send().await();
    assertThat(response.statusCode()).isEqualTo(426);
    assertThat(response.getHeader("Upgrade")).isEqualTo("websocket");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("upgrade_required");
    assertThat(fixture.upstream.connections.get()).isEqualTo(before);
  }

  @Test
  @DisplayName("validate: forged tokens answer valid false without a ticket; garbage and oversized bodies are 4xx problems")
  void validateHostile() {
    JsonObject forged = fixture.ticket(port, forged()).bodyAsJsonObject();
    assertThat(forged.getBoolean("valid")).isFalse();
    assertThat(forged.getString("reason")).isEqualTo("bad_signature");
    assertThat(forged.containsKey("ticket")).isFalse();
    assertThat(post("{not json").statusCode()).isEqualTo(400);
    assertThat(post("{\"token\": 42}").statusCode()).isEqualTo(400);
    assertThat(post("{}").statusCode()).isEqualTo(400);
    assertThat(post(new JsonObject().put("token", "x".repeat(9000)).encode()).statusCode()).isEqualTo(413);
    assertThat(post("{\"token\": \"" + "x".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
  }

  private HttpResponse<Buffer> post(String body) {
    HttpResponse<Buffer> response = fixture.http.post(port, "127.0.0.1", "/api/v1/ws-auth/validate")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    return response;
  }

  private void assertRefused(WebSocketConnectOptions options) {
    assertThatThrownBy(() -> fixture.connect(port, options).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, rejected -> assertThat(rejected.getStatus()).isEqualTo(401));
  }

  private static void assertEchoes(Received client) throws InterruptedException {
    client.socket.writeTextMessage("hello through the gateway");
    assertThat(client.next(WAIT)).isEqualTo("hello through the gateway");
    byte[] bytes = "binary \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    client.socket.writeBinaryMessage(Buffer.buffer(bytes));
    assertThat(((Buffer) client.next(WAIT)).getBytes()).isEqualTo(bytes);
  }

  private static String forged() {
    return TestTokens.hmac(new JsonObject().put("alg", "HS256").put("typ", "JWT"), TestTokens.primaryClaims("mallory"),
        "not-the-secret-not-the-secret-not-the-secret".getBytes(StandardCharsets.UTF_8));
  }

  private static String expired() {
    long now = Instant.now().getEpochSecond();
    return TestTokens.primary(TestTokens.primaryClaims("mallory").put("iat", now - 3600).put("exp", now - 600));
  }
}
