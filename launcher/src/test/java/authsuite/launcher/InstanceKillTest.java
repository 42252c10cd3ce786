package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two launcher processes on one Redis and one PostgreSQL; one of them is killed with SIGKILL while clients keep
 * calling the other. What the dead one made lives on in Redis, the survivor serves every request it accepts, and
 * the dead instances leave the registry and the survivor's report because the survivor's probes are refused, not because
 * their entries expire (docs/robustness.md, a refused probe is a departure). How long that takes is measured by
 * bench/faults.sh, not asserted here.
 */
@Tag("robustness")
@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("kill -9 of one of two launcher processes under traffic: the survivor serves everything, and forgets the dead one on a refused probe")
class InstanceKillTest {
  /**
   * Long, so that an entry expiring cannot pass for a departure: A's entries would live three heartbeats, 180 s, far
   * beyond every wait of this test; only B's refused probes can take them out before.
   */
  private static final Duration HEARTBEAT = Duration.ofSeconds(60);
  private static final long START_PATIENCE_MS = 90_000;
  private static final long PATIENCE_MS = 15_000;

  private Vertx vertx;
  private WebClient http;

  @Test
  @DisplayName("sessions, refresh families, revocations and tickets made through A work through B; B answers every request; A leaves the registry and B's report long before its entries could expire")
  void survivorCarriesOn(Vertx vertx, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    http = WebClient.create(vertx);
    String prefix = TestRedis.uniqueKeyPrefix();
    String schema = TestPostgres.uniqueSchema();
    TestPostgres.pool(vertx, schema).compose(pool -> pool.close()).await();
    HttpServer chat = vertx.createHttpServer().webSocketHandler(ws -> ws.frameHandler(ws::writeFrame)).listen(0, "127.0.0.1").await();
    Map<String, String> env = new HashMap<>();
    env.put(SuiteConfig.REDIS_URL, TestRedis.url());
    env.put(SuiteConfig.REDIS_KEY_PREFIX, prefix);
    env.put(SuiteConfig.DATABASE_URL, TestPostgres.url());
    env.put(SuiteConfig.DATABASE_SCHEMA, schema);
    env.put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + chat.actualPort() + "/chat");
    env.put(SuiteConfig.REGISTRY_HEARTBEAT_MS, String.valueOf(HEARTBEAT.toMillis()));
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "300");
    env.put("FALLBACK_BCRYPT_COST", "4");
    LauncherProcess a = LauncherProcess.start(dir.resolve("a.log"), withAuditFile(env, dir.resolve("a-audit.jsonl")));
    LauncherProcess b = LauncherProcess.start(dir.resolve("b.log"), withAuditFile(env, dir.resolve("b-audit.jsonl")));
    List<ClientTraffic> traffic = new ArrayList<>();
    try {
      SuiteProbes.awaitLive(vertx, http, a, START_PATIENCE_MS);
      SuiteProbes.awaitLive(vertx, http, b, START_PATIENCE_MS);
      int coordinatorB = b.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR);
      SuiteProbes.until(vertx, () -> get(coordinatorB, "/api/v1/health/integration"), report -> Stream.of(SuiteService.values())
          .allMatch(service -> SuiteProbes.instanceUrls(report, service).size() == 2), START_PATIENCE_MS);

      // made through A before the kill
      String user = "kill-" + UUID.randomUUID().toString().substring(0, 8);
      String session = createSession(a, user);
      String revokedSession = createSession(a, user);
      HttpResponse<Buffer> revoked = internalPost(a, SuiteService.SESSION_VALIDATION_NORMALIZER, "/api/v1/session/revoke",
          new JsonObject().put("session_id", revokedSession));
      assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
      String spentRefresh = TestTokens.primary(TestTokens.primaryClaims(user).put("type", "refresh").put("jti", "r-" + UUID.randomUUID()));
      HttpResponse<Buffer> rotated = post(a, SuiteService.JWT_TOKEN_ADAPTER, "/api/v1/jwt/refresh",
          new JsonObject().put("refresh_token", spentRefresh));
      assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
      String access = TestTokens.primary(TestTokens.primaryClaims(user).put("jti", "a-" + UUID.randomUUID())
          .put("roles", new JsonArray().add("chat-user")));
      HttpResponse<Buffer> ticketed = http.post(a.port(SuiteService.WEBSOCKET_AUTH_GATEWAY), "127.0.0.1", "/api/v1/ws-auth/validate")
          .bearerTokenAuthentication(access).send().await();
      assertThat(ticketed.statusCode()).as(ticketed.bodyAsString()).isEqualTo(200);
      String ticket = ticketed.bodyAsJsonObject().getString("ticket");

      ClientTraffic sessions = ClientTraffic.start(3, () -> http.post(b.port(SuiteService.SESSION_VALIDATION_NORMALIZER),
              "127.0.0.1", "/api/v1/session/validate").putHeader("X-Session-ID", session).timeout(5_000).send(),
          answer -> answer.statusCode() == 200 && answer.bodyAsJsonObject().getBoolean("valid"));
      ClientTraffic tokens = ClientTraffic.start(3, () -> http.post(b.port(SuiteService.JWT_TOKEN_ADAPTER),
              "127.0.0.1", "/api/v1/jwt/validate").timeout(5_000).sendJsonObject(new JsonObject().put("token", access)),
          answer -> answer.statusCode() == 200 && answer.bodyAsJsonObject().getBoolean("valid"));
      traffic.addAll(List.of(sessions, tokens));
      sessions.awaitServed(vertx, 10, Duration.ofMillis(PATIENCE_MS));
      tokens.awaitServed(vertx, 10, Duration.ofMillis(PATIENCE_MS));

      a.kill();
      // the waits' patience only bounds the test: A's entries would take 180 s to expire, so gone before means B removed them
      List<String> deadUrls = Stream.of(SuiteService.values()).map(a::url).toList();
      SuiteProbes.until(vertx, () -> get(coordinatorB, "/api/v1/coordinator/services"), services -> services.getJsonArray("services").stream()
          .map(JsonObject.class::cast).noneMatch(entry -> deadUrls.contains(entry.getString("url"))), PATIENCE_MS);
      JsonObject report = SuiteProbes.until(vertx, () -> get(coordinatorB, "/api/v1/health/integration"), answer -> Stream.of(SuiteService.values())
          .allMatch(service -> SuiteProbes.instanceUrls(answer, service).equals(List.of(b.url(service)))), PATIENCE_MS);
      assertThat(report.getString("status")).as(report.encodePrettily()).isNotEqualTo("unhealthy");

      JsonObject onB = validateSession(b, session);
      assertThat(onB.getBoolean("valid")).as(onB.encode()).isTrue();
      assertThat(onB.getJsonObject("session").getString("user_id")).isEqualTo(user);
      assertThat(validateSession(b, revokedSession).getString("reason")).isEqualTo("revoked");
      HttpResponse<Buffer> replayed = post(b, SuiteService.JWT_TOKEN_ADAPTER, "/api/v1/jwt/refresh",
          new JsonObject().put("refresh_token", spentRefresh));
      assertThat(replayed.statusCode()).as(replayed.bodyAsString()).isEqualTo(401);
      assertThat(replayed.bodyAsJsonObject().getString("code")).isEqualTo("refresh_token_reused");
      assertThat(echoThrough(b.port(SuiteService.WEBSOCKET_AUTH_GATEWAY), "/ws?ticket=" + ticket))
          .as("A's ticket redeemed at B's gateway").isEqualTo("hello from A's ticket");

      for (ClientTraffic client : List.of(sessions.stop(), tokens.stop())) {
        assertThat(client.served()).as("requests B answered").isPositive();
        assertThat(client.serverErrors()).as("5xx from B").isZero();
        assertThat(client.connectionErrors()).as("requests to B without an answer").isZero();
        assertThat(client.wrongAnswers()).as("wrong answers from B").isEmpty();
      }
    } finally {
      traffic.forEach(ClientTraffic::stop);
      a.kill();
      b.close();
      chat.close().await();
      http.close();
      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
      TestPostgres.dropSchema(vertx, schema).await();
    }
  }

  private static Map<String, String> withAuditFile(Map<String, String> env, Path file) {
    Map<String, String> own = new HashMap<>(env);
    own.put("FALLBACK_AUDIT_FILE", file.toString());
    return own;
  }

  private String createSession(LauncherProcess suite, String userId) {
    HttpResponse<Buffer> created = internalPost(suite, SuiteService.SESSION_VALIDATION_NORMALIZER, "/api/v1/session/create",
        new JsonObject().put("user_id", userId).put("roles", new JsonArray().add("chat-user")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("session_id");
  }

  private JsonObject validateSession(LauncherProcess suite, String sessionId) {
    return http.post(suite.port(SuiteService.SESSION_VALIDATION_NORMALIZER), "127.0.0.1", "/api/v1/session/validate")
        .putHeader("X-Session-ID", sessionId).send().await().bodyAsJsonObject();
  }

  private HttpResponse<Buffer> post(LauncherProcess suite, SuiteService service, String path, JsonObject body) {
    return http.post(suite.port(service), "127.0.0.1", path).sendJsonObject(body).await();
  }

  private HttpResponse<Buffer> internalPost(LauncherProcess suite, SuiteService service, String path, JsonObject body) {
    return http.post(suite.port(service), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx)).sendJsonObject(body).await();
  }

  private JsonObject get(int port, String path) {
    return http.get(port, "127.0.0.1", path).timeout(5_000).send().await().bodyAsJsonObject();
  }

  private String echoThrough(int gateway, String uri) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway).setURI(uri)).await();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      socket.textMessageHandler(echoed::complete);
      socket.writeTextMessage("hello from A's ticket").await();
      return echoed.get(5, TimeUnit.SECONDS);
    } finally {
      client.close().await();
    }
  }
}
