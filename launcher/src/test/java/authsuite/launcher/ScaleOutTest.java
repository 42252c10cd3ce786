package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import authsuite.launcher.SuiteRunner.RunningService;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two whole suites, each in a Vert.x instance of its own as two launcher processes would be, on one Redis and one
 * PostgreSQL, with nothing between them but the registry: every service runs twice, on random ports.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Scale-out: two instances of every service on one Redis and one PostgreSQL act as one suite")
class ScaleOutTest {
  private static final long PATIENCE_MS = 10_000;
  private static final int CLOSE_REVOKED = 4003;

  private final String prefix = TestRedis.uniqueKeyPrefix();
  private final String schema = TestPostgres.uniqueSchema();
  private final Vertx vertxA = Vertx.vertx();
  private final Vertx vertxB = Vertx.vertx();
  private Vertx client;
  private WebClient http;
  private HttpServer chat;
  private Map<SuiteService, Integer> a;
  private Map<SuiteService, Integer> b;

  @BeforeAll
  void startTwoSuites(Vertx vertx, @TempDir Path dir) {
    client = vertx;
    http = WebClient.create(vertx);
    TestPostgres.pool(vertx, schema).compose(pool -> pool.close()).await();
    chat = vertx.createHttpServer().webSocketHandler(ws -> ws.frameHandler(ws::writeFrame)).listen(0, "127.0.0.1").await();
    a = ports(SuiteRunner.start(vertxA, environment(dir.resolve("a")), List.of()).await());
    b = ports(SuiteRunner.start(vertxB, environment(dir.resolve("b")), List.of()).await());
  }

  @AfterAll
  void stopBoth(Vertx vertx) {
    vertxA.close().await();
    vertxB.close().await();
    http.close();
    chat.close().await();
    deleteKeys(vertx, prefix);
    TestPostgres.dropSchema(vertx, schema).await();
  }

  @Test
  @DisplayName("a session created through instance A validates through instance B")
  void sessionCreatedOnAValidatesOnB() {
    String sessionId = createSession(a, "scale-" + UUID.randomUUID());

    JsonObject onB = validateSession(b, sessionId);
    assertThat(onB.getBoolean("valid")).as(onB.encode()).isTrue();
    assertThat(onB.getJsonObject("session").getString("user_id")).startsWith("scale-");
  }

  @Test
  @DisplayName("a refresh-token family rotated through A is dead on B: the spent token is refresh_token_reused, and the family revoked")
  void refreshFamilyRotatedOnAIsDeadOnB() {
    String spent = TestTokens.primary(TestTokens.primaryClaims("scale-refresh").put("type", "refresh")
        .put("jti", "r-" + UUID.randomUUID()));
    HttpResponse<Buffer> rotated = refresh(a, spent);
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
    JsonObject pair = rotated.bodyAsJsonObject();
    assertThat(validateToken(b, pair.getString("access_token")).getBoolean("valid")).isTrue();

    HttpResponse<Buffer> replayed = refresh(b, spent);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.bodyAsJsonObject().getString("code")).isEqualTo("refresh_token_reused");
    assertThat(refresh(b, pair.getString("refresh_token")).statusCode()).as("the successor, on B").isEqualTo(401);
    assertThat(refresh(a, pair.getString("refresh_token")).statusCode()).as("the successor, on A").isEqualTo(401);
    assertThat(validateToken(a, pair.getString("access_token")).getString("reason")).isEqualTo("revoked");
  }

  @Test
  @DisplayName("a session revoked through B's session service closes, with 4003 revoked, the WebSocket gateway A holds")
  void revocationOnBClosesSocketHeldByA() throws Exception {
    String user = "scale-ws-" + UUID.randomUUID().toString().substring(0, 8);
    String sessionId = createSession(a, user);
    long now = Instant.now().getEpochSecond();
    String token = TestTokens.primary(TestTokens.primaryClaims(user).put("iat", now - 5).put("exp", now + 300)
        .put("sid", sessionId).put("jti", "j-" + UUID.randomUUID()).put("roles", new JsonArray().add("chat-user")));
    WebSocketClient ws = client.createWebSocketClient();
    try {
      CompletableFuture<String> closedWith = new CompletableFuture<>();
      WebSocket socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(a.get(SuiteService.WEBSOCKET_AUTH_GATEWAY)).setURI("/ws")
          .putHeader("Authorization", "Bearer " + token)).await();
      socket.closeHandler(closed -> closedWith.complete(socket.closeStatusCode() + " " + socket.closeReason()));
      CompletableFuture<String> echoed = new CompletableFuture<>();
      socket.textMessageHandler(echoed::complete);
      socket.writeTextMessage("hello through A").await();
      assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("hello through A");

      HttpResponse<Buffer> revoked = internalPost(b, SuiteService.SESSION_VALIDATION_NORMALIZER, "/api/v1/session/revoke",
          new JsonObject().put("session_id", sessionId));
      assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);

      // the wait bounds the test; how soon the close follows the revocation is a latency, not asserted here
      assertThat(closedWith.get(PATIENCE_MS, TimeUnit.MILLISECONDS)).isEqualTo(CLOSE_REVOKED + " revoked");
      assertThat(validateSession(a, sessionId).getString("reason")).isEqualTo("revoked");
    } finally {
      ws.close().await();
    }
  }

  @Test
  @DisplayName("the coordinator lists both instances of every service, in /coordinator/services and in the integration report")
  void coordinatorListsBothInstancesOfEveryService() {
    for (Map<SuiteService, Integer> suite : List.of(a, b)) {
      int coordinator = suite.get(SuiteService.SERVICE_BOUNDARY_COORDINATOR);
      JsonObject listed = awaitJson(() -> get(coordinator, "/api/v1/coordinator/services"),
          answer -> urlsByService(answer).values().stream().allMatch(urls -> urls.size() == 2)
              && urlsByService(answer).size() == SuiteService.values().length);
      for (SuiteService service : SuiteService.values()) {
        assertThat(urlsByService(listed).get(service.serviceName())).as(service.serviceName())
            .containsExactlyInAnyOrder(url(a, service), url(b, service));
      }
      JsonObject report = awaitJson(() -> get(coordinator, "/api/v1/health/integration"),
          answer -> List.of(SuiteService.values()).stream().allMatch(service -> healthyInstances(answer, service) == 2));
      for (SuiteService service : SuiteService.values()) {
        assertThat(report.getJsonObject("services").getJsonObject(service.healthKey()).getJsonArray("instances"))
            .as(service.healthKey()).hasSize(2);
      }
    }
  }

  /** Where the two suites keep their shared state: the single test Redis; a subclass puts them on a Redis Cluster. */
  protected JsonObject redisConfig(String keyPrefix) {
    return TestServices.redisConfig(keyPrefix);
  }

  /** Removes what the suites wrote; a throwaway cluster needs no cleaning. */
  protected void deleteKeys(Vertx vertx, String keyPrefix) {
    TestRedis.deleteKeys(vertx, TestRedis.url(), keyPrefix).await();
  }

  private Map<String, String> environment(Path dir) {
    Map<String, String> env = new HashMap<>();
    redisConfig(prefix).forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    env.put(SuiteConfig.DATABASE_URL, TestPostgres.url());
    env.put(SuiteConfig.DATABASE_SCHEMA, schema);
    env.put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + chat.actualPort() + "/chat");
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "200");
    env.put("FALLBACK_BCRYPT_COST", "4");
    env.put("FALLBACK_AUDIT_FILE", dir.resolve("fallback-audit.jsonl").toString());
    return env;
  }

  private String createSession(Map<SuiteService, Integer> suite, String userId) {
    HttpResponse<Buffer> created = internalPost(suite, SuiteService.SESSION_VALIDATION_NORMALIZER, "/api/v1/session/create",
        new JsonObject().put("user_id", userId).put("roles", new JsonArray().add("chat-user")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("session_id");
  }

  private JsonObject validateSession(Map<SuiteService, Integer> suite, String sessionId) {
    return http.post(suite.get(SuiteService.SESSION_VALIDATION_NORMALIZER), "127.0.0.1", "/api/v1/session/validate")
        .putHeader("X-Session-ID", sessionId).send().await().bodyAsJsonObject();
  }

  private HttpResponse<Buffer> refresh(Map<SuiteService, Integer> suite, String refreshToken) {
    return http.post(suite.get(SuiteService.JWT_TOKEN_ADAPTER), "127.0.0.1", "/api/v1/jwt/refresh")
        .sendJsonObject(new JsonObject().put("refresh_token", refreshToken)).await();
  }

  private JsonObject validateToken(Map<SuiteService, Integer> suite, String token) {
    return http.post(suite.get(SuiteService.JWT_TOKEN_ADAPTER), "127.0.0.1", "/api/v1/jwt/validate")
        .sendJsonObject(new JsonObject().put("token", token)).await().bodyAsJsonObject();
  }

  private HttpResponse<Buffer> internalPost(Map<SuiteService, Integer> suite, SuiteService service, String path, JsonObject body) {
    return http.post(suite.get(service), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestTokens.internal(client)).sendJsonObject(body).await();
  }

  private JsonObject get(int port, String path) {
    return http.get(port, "127.0.0.1", path).send().await().bodyAsJsonObject();
  }

  private JsonObject awaitJson(Supplier<JsonObject> read, Predicate<JsonObject> condition) {
    return Eventually.until(client, read, condition, Duration.ofMillis(PATIENCE_MS));
  }

  private static Map<String, List<String>> urlsByService(JsonObject services) {
    return services.getJsonArray("services").stream().map(JsonObject.class::cast)
        .collect(Collectors.groupingBy(s -> s.getString("name"), Collectors.mapping(s -> s.getString("url"), Collectors.toList())));
  }

  private static long healthyInstances(JsonObject report, SuiteService service) {
    JsonObject entry = report.getJsonObject("services").getJsonObject(service.healthKey());
    return entry == null ? 0 : entry.getJsonArray("instances").stream().map(JsonObject.class::cast)
        .filter(instance -> "healthy".equals(instance.getString("status"))).count();
  }

  private static String url(Map<SuiteService, Integer> suite, SuiteService service) {
    return "http://127.0.0.1:" + suite.get(service);
  }

  private static Map<SuiteService, Integer> ports(List<RunningService> running) {
    return running.stream().collect(Collectors.toMap(RunningService::service, RunningService::port));
  }
}
