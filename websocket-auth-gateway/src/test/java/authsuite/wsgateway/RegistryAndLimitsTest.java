package authsuite.wsgateway;

import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(60)
@DisplayName("The connection registry spans instances; limits close with their own codes; authorize follows WS_POLICY")
class RegistryAndLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String POLICY = new JsonObject()
      .put("chat-user", new JsonObject().put("rooms.*", new JsonArray().add("subscribe").add("publish")))
      .put("admin", new JsonObject().put("*", new JsonArray().add("*"))).encode();
  private GatewayFixture fixture;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    fixture = newFixture(vertx);
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
  @DisplayName("connection-info on instance A lists, by user and by id, a socket held by instance B; it vanishes on close")
  void connectionInfoAcrossInstances() throws Exception {
    WebSocketGatewayVerticle a = fixture.start();
    WebSocketGatewayVerticle b = fixture.start();
    String user = GatewayFixture.uniqueUser();
    Received client = fixture.openWithBearer(b.port(), GatewayFixture.token(user, 300));
    client.socket.writeTextMessage("counted");
    client.next(WAIT);

    JsonArray byUser = info(a.port(), "user_id=" + user).bodyAsJsonObject().getJsonArray("connections");
    assertThat(byUser).hasSize(1);
    JsonObject entry = byUser.getJsonObject(0);
    assertThat(entry.getString("user_id")).isEqualTo(user);
    assertThat(entry.getString("instance")).isNotBlank();
    assertThat(entry.getString("opened_at")).isNotBlank();
    assertThat(entry.getString("expires_at")).isNotBlank();

    JsonArray byId = info(a.port(), "connection_id=" + entry.getString("connection_id")).bodyAsJsonObject().getJsonArray("connections");
    assertThat(byId.getJsonObject(0).getString("user_id")).isEqualTo(user);

    // the next heartbeat (every 500 ms here) carries the counters
    JsonObject counted = Eventually.until(vertx,
        () -> info(a.port(), "user_id=" + user).bodyAsJsonObject().getJsonArray("connections").getJsonObject(0),
        listed -> listed.getLong("frames_in") != 0, Duration.ofSeconds(5));
    assertThat(counted.getLong("frames_in")).isEqualTo(1);
    assertThat(counted.getLong("bytes_out")).isEqualTo("counted".length());

    client.socket.close().await();
    // the user's list and the connection's entry are removed by separate commands on a cluster: wait for both
    Eventually.until(vertx, "the closed socket is gone from its user's list and by its id",
        () -> info(a.port(), "user_id=" + user).bodyAsJsonObject().getJsonArray("connections").isEmpty()
            && info(a.port(), "connection_id=" + entry.getString("connection_id")).statusCode() == 404, Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("entries of an instance that stops heartbeating vanish after three heartbeats")
  void deadInstanceEntriesExpire() throws Exception {
    Redis redis = fixture.redisClient();
    try {
      ConnectionRegistry dead = ConnectionRegistry.redis(redis, fixture.prefix, "dead-instance", Duration.ofMillis(200),
          fixture.onClusterMode(), Clock.systemUTC());
      String user = GatewayFixture.uniqueUser();
      ConnectionRegistry.Registered socket = new ConnectionRegistry.Registered() {
        public String id() { return "conn-of-a-dead-instance"; }
        public String userId() { return user; }
        public JsonObject describe() { return new JsonObject().put("connection_id", id()).put("user_id", user).put("instance", "dead-instance"); }
      };
      assertThat(dead.open(socket, 5).await()).isTrue();
      assertThat(dead.byUser(user).await()).hasSize(1);
      // nobody removes them: the user's list and the connection's own entry each expire (three heartbeats of 200 ms);
      // the patience only bounds the test
      Eventually.until(vertx, "the dead instance's connection is gone from its user's list and by its id",
          () -> dead.byUser(user).await().isEmpty() && dead.byId(socket.id()).await() == null, Duration.ofSeconds(10));
    } finally {
      redis.close();
    }
  }

  @Test
  @DisplayName("connection-info needs a token: the user sees their own connections, an internal caller anyone's; bad queries are 400")
  void connectionInfoAccess() {
    int port = fixture.start().port();
    String user = GatewayFixture.uniqueUser();
    fixture.openWithBearer(port, GatewayFixture.token(user, 300));
    assertThat(fixture.http.get(port, "127.0.0.1", "/api/v1/ws-auth/connection-info?user_id=" + user).send().await().statusCode()).isEqualTo(401);
    HttpResponse<Buffer> own = fixture.http.get(port, "127.0.0.1", "/api/v1/ws-auth/connection-info?user_id=" + user)
        .putHeader("Authorization", "Bearer " + GatewayFixture.token(user, 300)).send().await();
    assertThat(own.bodyAsJsonObject().getJsonArray("connections")).hasSize(1);
    HttpResponse<Buffer> foreign = fixture.http.get(port, "127.0.0.1", "/api/v1/ws-auth/connection-info?user_id=" + user)
        .putHeader("Authorization", "Bearer " + GatewayFixture.token("nosy", 300)).send().await();
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(info(port, "").statusCode()).isEqualTo(400);
    assertThat(info(port, "user_id=a&connection_id=b").statusCode()).isEqualTo(400);
    assertThat(info(port, "user_id=" + "x".repeat(300)).statusCode()).isEqualTo(400);
    assertThat(info(port, "user_id=a&connection_id=b").getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  @DisplayName("past WS_MAX_CONNECTIONS_PER_USER (across instances) the next socket is closed with 4008")
  void connectionsPerUser() {
    JsonObject config = fixture.config().put(GatewaySettings.WS_MAX_CONNECTIONS_PER_USER, "2");
    WebSocketGatewayVerticle a = fixture.start(config);
    WebSocketGatewayVerticle b = fixture.start(config);
    String user = GatewayFixture.uniqueUser();
    Received first = fixture.openWithBearer(a.port(), GatewayFixture.token(user, 300));
    Received second = fixture.openWithBearer(b.port(), GatewayFixture.token(user, 300));
    Received third = fixture.openWithBearer(a.port(), GatewayFixture.token(user, 300));
    assertThat(third.closeCode(WAIT)).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
    assertThat(third.closeReason).isEqualTo("too_many_connections");
    assertThat(first.isOpen()).isTrue();
    assertThat(second.isOpen()).isTrue();
  }

  @Test
  @DisplayName("a frame over WS_MAX_FRAME_BYTES closes with 1009, more than WS_MAX_MESSAGES_PER_S messages with 4029")
  void frameSizeAndRate() {
    int port = fixture.start(fixture.config().put(GatewaySettings.WS_MAX_FRAME_BYTES, "1024")
        .put(GatewaySettings.WS_MAX_MESSAGES_PER_S, "5")).port();
    Received big = fixture.openWithBearer(port, GatewayFixture.token(GatewayFixture.uniqueUser(), 300));
    big.socket.writeBinaryMessage(Buffer.buffer(new byte[2000]));
    assertThat(big.closeCode(WAIT)).isEqualTo(CloseCodes.FRAME_TOO_LARGE);
    assertThat(big.closeReason).isEqualTo("frame_too_large");

    Received chatty = fixture.openWithBearer(port, GatewayFixture.token(GatewayFixture.uniqueUser(), 300));
    for (int i = 0; i < 20; i++) {
      chatty.socket.writeTextMessage("message " + i);
    }
    assertThat(chatty.closeCode(WAIT)).isEqualTo(CloseCodes.RATE_EXCEEDED);
    assertThat(chatty.closeReason).isEqualTo("message_rate_exceeded");
  }

  @Test
  @DisplayName("authorize answers the policy by token or by connection id, and records allowed channels on the connection")
  void authorize() {
    int port = fixture.start(fixture.config().put(GatewaySettings.WS_POLICY, POLICY)).port();
    String user = GatewayFixture.uniqueUser();
    String token = GatewayFixture.token(user, 300);
    JsonObject allowed = authorize(port, new JsonObject().put("token", token).put("channel", "rooms.42").put("action", "publish"), null);
    assertThat(allowed.getBoolean("allowed")).as(allowed.encode()).isTrue();
    assertThat(allowed.getString("rule")).isEqualTo("chat-user -> rooms.*");
    assertThat(authorize(port, new JsonObject().put("token", token).put("channel", "admin.logs").put("action", "subscribe"), null)
        .getBoolean("allowed")).isFalse();
    assertThat(authorize(port, new JsonObject().put("token", token).put("channel", "rooms.42").put("action", "delete"), null)
        .getBoolean("allowed")).isFalse();

    fixture.openWithBearer(port, token);
    String connectionId = info(port, "user_id=" + user).bodyAsJsonObject().getJsonArray("connections").getJsonObject(0).getString("connection_id");
    JsonObject byConnection = authorize(port, new JsonObject().put("connection_id", connectionId).put("channel", "rooms.7")
        .put("action", "subscribe"), TestTokens.internal(vertx));
    assertThat(byConnection.getBoolean("allowed")).isTrue();
    assertThat(info(port, "connection_id=" + connectionId).bodyAsJsonObject().getJsonArray("connections").getJsonObject(0)
        .getJsonArray("channels")).containsExactly("rooms.7");
  }

  @Test
  @DisplayName("authorize refuses malformed, ambiguous and hostile requests with problem+json, never a 500")
  void authorizeHostile() {
    int port = fixture.start(fixture.config().put(GatewaySettings.WS_POLICY, POLICY)).port();
    String token = GatewayFixture.token(GatewayFixture.uniqueUser(), 300);
    assertThat(postAuthorize(port, "{not json").statusCode()).isEqualTo(400);
    assertThat(postAuthorize(port, "[]").statusCode()).isEqualTo(400);
    assertThat(postAuthorize(port, "{\"token\": 1, \"channel\": \"a\", \"action\": \"b\"}").statusCode()).isEqualTo(400);
    assertThat(postAuthorize(port, "{\"channel\": \"a\", \"action\": \"b\"}").statusCode()).isEqualTo(400);
    assertThat(postAuthorize(port, new JsonObject().put("token", token).put("connection_id", "c").put("channel", "a").put("action", "b").encode())
        .statusCode()).isEqualTo(400);
    assertThat(postAuthorize(port, new JsonObject().put("token", "forged.token.here").put("channel", "a").put("action", "b").encode())
        .statusCode()).isEqualTo(401);
    assertThat(postAuthorize(port, new JsonObject().put("connection_id", "nope").put("channel", "a").put("action", "b").encode())
        .statusCode()).isEqualTo(401);
    assertThat(postAuthorize(port, new JsonObject().put("token", token).put("channel", "x".repeat(300)).put("action", "b").encode())
        .statusCode()).isEqualTo(400);
  }

  private HttpResponse<Buffer> info(int port, String query) {
    return fixture.http.get(port, "127.0.0.1", "/api/v1/ws-auth/connection-info?" + query)
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx)).send().await();
  }

  private JsonObject authorize(int port, JsonObject body, String bearer) {
    var request = fixture.http.post(port, "127.0.0.1", "/api/v1/ws-auth/authorize");
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    HttpResponse<Buffer> response = request.sendJsonObject(body).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> postAuthorize(int port, String body) {
    HttpResponse<Buffer> response = fixture.http.post(port, "127.0.0.1", "/api/v1/ws-auth/authorize")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    assertThat(response.getHeader("Content-Type")).as(body).isEqualTo("application/problem+json");
    return response;
  }
}
