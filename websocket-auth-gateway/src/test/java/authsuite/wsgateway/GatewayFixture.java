package authsuite.wsgateway;

import authsuite.common.config.SuiteConfig;
import authsuite.common.platform.RedisClients;
import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Real gateways on random ports, on the test Redis under one key prefix, relaying to a real echo upstream. */
final class GatewayFixture {
  final Vertx vertx;
  final String prefix = TestRedis.uniqueKeyPrefix();
  final EchoUpstream upstream;
  final WebClient http;
  final WebSocketClient ws;
  private final List<WebSocketGatewayVerticle> started = new ArrayList<>();
  private boolean cluster;

  GatewayFixture(Vertx vertx) {
    this.vertx = vertx;
    this.upstream = EchoUpstream.start(vertx);
    this.http = WebClient.create(vertx);
    this.ws = vertx.createWebSocketClient();
  }

  /** Gateways on the shared 3-master Redis Cluster instead of the single test Redis. */
  GatewayFixture onCluster() {
    cluster = true;
    return this;
  }

  boolean onClusterMode() {
    return cluster;
  }

  /** A client of its own on the fixture's Redis (single or cluster); the caller closes it. */
  Redis redisClient() {
    return cluster ? RedisClients.create(vertx, RedisCluster.shared().settings(prefix)) : Redis.createClient(vertx, TestRedis.url());
  }

  JsonObject config() {
    return (cluster ? RedisCluster.shared().config(prefix) : TestServices.redisConfig(prefix)).put(SuiteConfig.CHAT_UPSTREAM_URL, upstream.url())
        .put(SuiteConfig.REGISTRY_HEARTBEAT_MS, "500");
  }

  WebSocketGatewayVerticle start() {
    return start(config());
  }

  WebSocketGatewayVerticle start(JsonObject config) {
    WebSocketGatewayVerticle gateway = TestServices.start(vertx, new WebSocketGatewayVerticle(), config).await();
    started.add(gateway);
    return gateway;
  }

  void close() {
    started.forEach(gateway -> vertx.undeploy(gateway.deploymentID()).otherwiseEmpty().await());
    ws.close().await();
    http.close();
    upstream.stop();
    if (!cluster) {
      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
    }
  }

  /** A primary-auth token for the user, with a session, a jti and the chat-user role, expiring in {@code ttlSeconds}. */
  static String token(String userId, long ttlSeconds) {
    long now = Instant.now().getEpochSecond();
    return TestTokens.primary(TestTokens.primaryClaims(userId).put("iat", now - 5).put("exp", now + ttlSeconds)
        .put("sid", "s-" + UUID.randomUUID()).put("jti", "j-" + UUID.randomUUID())
        .put("roles", new JsonArray().add("chat-user")));
  }

  static JsonObject claims(String token) {
    String payload = token.split("\\.")[1];
    return new JsonObject(Buffer.buffer(java.util.Base64.getUrlDecoder().decode(payload)));
  }

  static String uniqueUser() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Future<WebSocket> connect(int port, WebSocketConnectOptions options) {
    return ws.connect(options.setHost("127.0.0.1").setPort(port));
  }

  Future<WebSocket> connectWithBearer(int port, String token) {
    return connect(port, new WebSocketConnectOptions().setURI("/ws").putHeader("Authorization", "Bearer " + token));
  }

  /** Connects and starts recording on the event loop, before any frame (or the close) can arrive. */
  Received open(int port, WebSocketConnectOptions options) {
    return connect(port, options).map(Received::new).await();
  }

  Received openWithBearer(int port, String token) {
    return connectWithBearer(port, token).map(Received::new).await();
  }

  HttpResponse<Buffer> ticket(int port, String token) {
    return http.post(port, "127.0.0.1", "/api/v1/ws-auth/validate").sendJsonObject(new JsonObject().put("token", token)).await();
  }
}
