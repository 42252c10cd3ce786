package authsuite.launcher.edge;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import authsuite.common.telemetry.SuiteTracing;
import authsuite.launcher.OtlpReceiver;
import authsuite.launcher.SuiteProbes;
import authsuite.launcher.SuiteRunner;
import authsuite.launcher.SuiteRunner.RunningService;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite in-process on random ports behind a real nginx running deploy/edge's configuration, and a
 * backend behind its forward-auth that answers with the headers it was given: everything through one origin.
 */
@Tag("edge")
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The edge (deploy/edge, a real nginx) puts the suite behind one origin and guards backends with forward-auth")
class EdgeTest {
  private static final List<String> INTERNAL_PATHS = List.of("/api/v1/coordinator/sync-auth", "/api/v1/coordinator/mode",
      "/api/v1/jwt/revoke", "/api/v1/jwt/keys/rotate", "/api/v1/session/create", "/api/v1/fallback/activation");

  private final String prefix = TestRedis.uniqueKeyPrefix();
  private final String schema = TestPostgres.uniqueSchema();
  private OtlpReceiver traces;
  private Vertx suiteVertx;
  private final List<MultiMap> upstreamSaw = new CopyOnWriteArrayList<>();
  private Vertx client;
  private WebClient http;
  private HttpServer chat;
  private HttpServer app;
  private Map<SuiteService, Integer> ports;
  private EdgeNginx edge;
  private EdgeNginx edgeWithoutAdapter;

  @BeforeAll
  void startSuiteBehindEdge(Vertx vertx, @TempDir Path dir) throws Exception {
    EdgeNginx.binary();
    client = vertx;
    http = WebClient.create(vertx);
    TestPostgres.pool(vertx, schema).compose(pool -> pool.close()).await();
    chat = vertx.createHttpServer().webSocketHandler(ws -> ws.frameHandler(ws::writeFrame)).listen(0, "127.0.0.1").await();
    app = vertx.createHttpServer().requestHandler(request -> {
      upstreamSaw.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
      JsonObject headers = new JsonObject();
      request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
      request.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("path", request.path()).put("headers", headers).encode());
    }).listen(0, "127.0.0.1").await();
    traces = OtlpReceiver.start(vertx);
    Map<String, String> env = environment(dir);
    suiteVertx = SuiteTracing.install(Vertx.builder(), env, Arrays.stream(SuiteService.values()).map(SuiteService::serviceName).toList()).build();
    ports = SuiteRunner.start(suiteVertx, env, List.of()).await().stream()
        .collect(Collectors.toMap(RunningService::service, RunningService::port));

    Map<String, String> upstreams = upstreams();
    edge = EdgeNginx.start(dir.resolve("edge"), upstreams);
    upstreams.put(SuiteService.JWT_TOKEN_ADAPTER.urlVariable(), "http://127.0.0.1:" + EdgeNginx.freePort());
    edgeWithoutAdapter = EdgeNginx.start(dir.resolve("edge-without-adapter"), upstreams);
  }

  @AfterAll
  void stopAll(Vertx vertx) throws Exception {
    if (edge != null) {
      edge.close();
    }
    if (edgeWithoutAdapter != null) {
      edgeWithoutAdapter.close();
    }
    if (suiteVertx != null) {
      suiteVertx.close().await();
    }
    if (traces != null) {
      traces.close();
    }
    if (http != null) {
      http.close();
      chat.close().await();
      app.close().await();
      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
      TestPostgres.dropSchema(vertx, schema).await();
    }
  }

  @BeforeEach
  void forgetUpstreamRequests() {
    upstreamSaw.clear();
  }

  @Test
  @DisplayName("the frontend's health poll answers through the edge with the five services as top-level keys")
  void healthIntegrationThroughEdge() {
    HttpResponse<Buffer> report = Eventually.until(client, () -> get(edge, "/api/v1/health/integration").send().await(),
        EdgeTest::allHealthy, Duration.ofSeconds(10));

    assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
    JsonObject services = report.bodyAsJsonObject().getJsonObject("services");
    for (SuiteService service : SuiteService.values()) {
      assertThat(services.getJsonObject(service.healthKey()).getString("status")).as(service.healthKey()).isEqualTo("healthy");
    }
    assertThat(report.getHeader("Server")).as("server_tokens off").isEqualTo("nginx");
  }

  @Test
  @DisplayName("the health stream answers through the edge as server-sent events, its first event within 5 s")
  void healthStreamIsNotBuffered() throws Exception {
    HttpClient stream = client.createHttpClient();
    try {
      CompletableFuture<String> first = new CompletableFuture<>();
      HttpClientResponse response = stream.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
              .setPort(edge.port()).setURI("/api/v1/health/integration/stream").putHeader("Accept", "text/event-stream"))
          .compose(request -> request.send())
          .onSuccess(answer -> answer.handler(chunk -> first.complete(chunk.toString()))).await();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
      assertThat(first.get(5, TimeUnit.SECONDS)).contains("data:");
    } finally {
      stream.close().await();
    }
  }

  @Test
  @DisplayName("a session id validates through the edge, and the correlation id the client sent comes back")
  void sessionValidatesThroughEdge() {
    String sessionId = createSession("edge-" + UUID.randomUUID());

    HttpResponse<Buffer> validated = http.post(edge.port(), "127.0.0.1", "/api/v1/session/validate")
        .putHeader("X-Session-ID", sessionId).putHeader("X-Correlation-ID", "edge-corr-1").send().await();

    assertThat(validated.statusCode()).as(validated.bodyAsString()).isEqualTo(200);
    assertThat(validated.bodyAsJsonObject().getBoolean("valid")).isTrue();
    assertThat(validated.getHeader("X-Correlation-ID")).isEqualTo("edge-corr-1");
  }

  @Test
  @DisplayName("a browser gets a ticket and opens /ws through the edge; frames go to the chat upstream and back")
  void webSocketWithTicketThroughEdge() throws Exception {
    HttpResponse<Buffer> ticketed = http.post(edge.port(), "127.0.0.1", "/api/v1/ws-auth/validate")
        .putHeader("Authorization", "Bearer " + accessToken("edge-ws")).send().await();
    assertThat(ticketed.statusCode()).as(ticketed.bodyAsString()).isEqualTo(200);
    String ticket = ticketed.bodyAsJsonObject().getString("ticket");

    WebSocketClient ws = client.createWebSocketClient();
    try {
      WebSocket socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(edge.port())
          .setURI("/ws?ticket=" + ticket)).await();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      socket.textMessageHandler(echoed::complete);
      socket.writeTextMessage("hello through the edge").await();
      assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("hello through the edge");
    } finally {
      ws.close().await();
    }
  }

  @Test
  @DisplayName("one trace through the edge: a caller's traceparent reaches forward-auth's check, the backend and the access log; a socket's reaches the chat upstream")
  void oneTraceThroughEdge() throws Exception {
    String traceId = hex(16);
    String traceparent = "00-" + traceId + "-" + hex(8) + "-01";
    HttpResponse<Buffer> answer = get(edge, "/app/orders").putHeader("Authorization", "Bearer " + accessToken("edge-trace"))
        .putHeader("traceparent", traceparent).send().await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getJsonObject("headers").getString("traceparent")).isEqualTo(traceparent);
    SuiteProbes.until(client, () -> traces.traceJson(traceId), trace -> !trace.getJsonArray("spans").isEmpty(), 10_000);
    assertThat(traces.trace(traceId)).anyMatch(span -> span.service().equals(SuiteService.JWT_TOKEN_ADAPTER.serviceName())
        && "/api/v1/jwt/verify".equals(span.attributes().get("url.path")));
    SuiteProbes.until(client, () -> new JsonObject().put("lines", new JsonArray(edge.accessLog())),
        log -> log.encode().contains(traceparent), 5_000);

    String socketTrace = hex(16);
    String ticket = http.post(edge.port(), "127.0.0.1", "/api/v1/ws-auth/validate")
        .putHeader("Authorization", "Bearer " + accessToken("edge-trace-ws")).send().await().bodyAsJsonObject().getString("ticket");
    WebSocketClient ws = client.createWebSocketClient();
    try {
      ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(edge.port())
          .setURI("/ws?ticket=" + ticket + "&traceparent=00-" + socketTrace + "-" + hex(8) + "-01")).await();
      SuiteProbes.until(client, () -> traces.traceJson(socketTrace),
          trace -> trace.encode().contains("chat upstream handshake"), 10_000);
    } finally {
      ws.close().await();
    }
    assertThat(traces.trace(socketTrace)).extracting(OtlpReceiver.ReceivedSpan::service)
        .containsOnly(SuiteService.WEBSOCKET_AUTH_GATEWAY.serviceName());
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  @Test
  @DisplayName("the edge's access log is one JSON object per request, with the correlation id and without the query string a ticket travels in")
  void accessLogIsJsonWithoutQuery() {
    String marker = "edge-log-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(get(edge, "/api/v1/health/integration?ticket=" + marker).putHeader("X-Correlation-ID", marker).send().await().statusCode())
        .isEqualTo(200);

    List<String> lines = Eventually.until(client, () -> edge.accessLog().stream().filter(line -> line.contains(marker)).toList(),
        found -> !found.isEmpty(), Duration.ofSeconds(5));
    assertThat(lines).hasSize(1);
    JsonObject entry = new JsonObject(lines.get(0));
    assertThat(entry.getString("correlation_id")).isEqualTo(marker);
    assertThat(entry.getString("path")).isEqualTo("/api/v1/health/integration");
    assertThat(entry.getInteger("status")).isEqualTo(200);
    assertThat(entry.encode()).doesNotContain("ticket=");
  }

  @Test
  @DisplayName("forward-auth: no token is 401 with WWW-Authenticate, and the backend is not called")
  void appWithoutTokenIs401() {
    HttpResponse<Buffer> answer = get(edge, "/app/orders").send().await();

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(answer.headers().getAll("WWW-Authenticate")).hasSize(1);
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getInteger("status")).isEqualTo(401);
    assertThat(upstreamSaw).isEmpty();
  }

  @Test
  @DisplayName("forward-auth: a forged token is 401 invalid_token, and the backend is not called")
  void appWithForgedTokenIs401() {
    String valid = accessToken("edge-forged");
    String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(valid.lastIndexOf('.') + 5);

    HttpResponse<Buffer> answer = get(edge, "/app/orders").putHeader("Authorization", "Bearer " + forged)
        .putHeader("X-User-Id", "admin").send().await();

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.getHeader("WWW-Authenticate")).contains("invalid_token");
    assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("unauthenticated");
    assertThat(upstreamSaw).isEmpty();
  }

  @Test
  @DisplayName("forward-auth: a valid token reaches the backend with the verified identity, never the X-User-Id the client wrote")
  void appWithValidTokenSeesVerifiedIdentity() {
    String user = "edge-user-" + UUID.randomUUID().toString().substring(0, 8);

    HttpResponse<Buffer> answer = get(edge, "/app/orders?page=2").putHeader("Authorization", "Bearer " + accessToken(user))
        .putHeader("X-User-Id", "admin").putHeader("X-User-Roles", "admin").putHeader("x-session-id", "stolen")
        .putHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").send().await();

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    JsonObject headers = answer.bodyAsJsonObject().getJsonObject("headers");
    assertThat(answer.bodyAsJsonObject().getString("path")).isEqualTo("/app/orders");
    assertThat(headers.getString("x-user-id")).isEqualTo(user);
    assertThat(headers.getString("x-user-email")).isEqualTo("user" + user + "@example.com");
    assertThat(headers.getString("x-user-roles")).isEqualTo("chat-user");
    assertThat(headers.getString("x-session-id")).as("no session in the token, none forwarded").isNull();
    assertThat(headers.getString("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(headers.getString("x-correlation-id")).isNotBlank();
    assertThat(upstreamSaw).hasSize(1);
    assertThat(upstreamSaw.get(0).getAll("X-User-Id")).containsExactly(user);
  }

  @Test
  @DisplayName("forward-auth: with the adapter unreachable /app/ is 503 with Retry-After, never a pass, and the backend gets nothing")
  void appWithAdapterDownIs503() {
    HttpResponse<Buffer> answer = get(edgeWithoutAdapter, "/app/orders")
        .putHeader("Authorization", "Bearer " + accessToken("edge-down")).putHeader("X-User-Id", "admin").send().await();

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(503);
    assertThat(answer.getHeader("Retry-After")).isNotBlank();
    assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("auth_unavailable");
    assertThat(upstreamSaw).isEmpty();
  }

  @Test
  @DisplayName("internal endpoints and /metrics are 404 through the edge, even with a valid internal token")
  void internalEndpointsAreNotReachable() {
    String internal = TestTokens.internal(client);
    for (String path : INTERNAL_PATHS) {
      for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.GET)) {
        HttpResponse<Buffer> answer = http.request(method, edge.port(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + internal).sendJsonObject(new JsonObject().put("mode", "degraded")).await();
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.bodyAsString()).isEqualTo(404);
      }
    }
    for (String path : List.of("/metrics", "/api/v1/jwt/revoke/", "/api/v1/jwt/%72evoke", "//api/v1/jwt/revoke",
        "/api/v1/coordinator/./mode")) {
      HttpResponse<Buffer> answer = http.request(HttpMethod.POST, edge.port(), "127.0.0.1", path)
          .putHeader("Authorization", "Bearer " + internal).sendJsonObject(new JsonObject()).await();
      assertThat(answer.statusCode()).as(path + ": " + answer.bodyAsString()).isEqualTo(404);
    }
    assertThat(get(edge, "/metrics").putHeader("Authorization", "Bearer " + internal).send().await().statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("the demo page is the edge's root, and the coordinator's status page is at /status/")
  void demoAndStatusPages() {
    HttpResponse<Buffer> demo = get(edge, "/").send().await();
    assertThat(demo.statusCode()).isEqualTo(200);
    assertThat(demo.bodyAsString()).contains("demo.js");
    assertThat(get(edge, "/demo.js").send().await().statusCode()).isEqualTo(200);

    HttpResponse<Buffer> status = get(edge, "/status/").send().await();
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.bodyAsString()).contains("/status.js");
    assertThat(get(edge, "/status.js").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a browser's Origin naming the edge itself is same-origin at the services behind it; another origin is still refused")
  void ownOriginIsNotCrossOrigin() {
    String own = "http://127.0.0.1:" + edge.port();
    HttpResponse<Buffer> script = get(edge, "/demo.js").putHeader("Origin", own).send().await();
    assertThat(script.statusCode()).as("a module script is fetched with Origin: " + script.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> validate = http.post(edge.port(), "127.0.0.1", "/api/v1/jwt/validate").putHeader("Origin", own)
        .putHeader("Authorization", "Bearer " + accessToken("edge-origin")).send().await();
    assertThat(validate.statusCode()).as(validate.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> foreign = get(edge, "/demo.js").putHeader("Origin", "http://evil.example").send().await();
    assertThat(foreign.statusCode()).as("the services judge other origins (CORS_ALLOWED_ORIGINS)").isEqualTo(403);
  }

  @Test
  @DisplayName("a body over the services' 64 KiB limit is 413 at the edge")
  void oversizedBodyIs413() {
    HttpResponse<Buffer> answer = http.post(edge.port(), "127.0.0.1", "/api/v1/jwt/validate")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("x".repeat(70 * 1024))).await();

    assertThat(answer.statusCode()).isEqualTo(413);
  }

  private static boolean allHealthy(HttpResponse<Buffer> report) {
    JsonObject services = report.statusCode() == 200 ? report.bodyAsJsonObject().getJsonObject("services") : null;
    return services != null && List.of(SuiteService.values()).stream()
        .allMatch(service -> services.getJsonObject(service.healthKey(), new JsonObject()).getString("status", "").equals("healthy"));
  }

  private io.vertx.ext.web.client.HttpRequest<Buffer> get(EdgeNginx through, String uri) {
    return http.get(through.port(), "127.0.0.1", uri);
  }

  private static String accessToken(String user) {
    long now = Instant.now().getEpochSecond();
    return TestTokens.primary(TestTokens.primaryClaims(user).put("iat", now - 5).put("exp", now + 300)
        .put("jti", "j-" + UUID.randomUUID()).put("roles", new JsonArray().add("chat-user")));
  }

  private String createSession(String userId) {
    HttpResponse<Buffer> created = http.post(ports.get(SuiteService.SESSION_VALIDATION_NORMALIZER), "127.0.0.1", "/api/v1/session/create")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(client))
        .sendJsonObject(new JsonObject().put("user_id", userId).put("roles", new JsonArray().add("chat-user"))).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("session_id");
  }

  private Map<String, String> upstreams() {
    Map<String, String> upstreams = new HashMap<>();
    for (SuiteService service : SuiteService.values()) {
      upstreams.put(service.urlVariable(), "http://127.0.0.1:" + ports.get(service));
    }
    upstreams.put("APP_UPSTREAM_URL", "http://127.0.0.1:" + app.actualPort());
    return upstreams;
  }

  private Map<String, String> environment(Path dir) {
    Map<String, String> env = new HashMap<>();
    TestServices.redisConfig(prefix).forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    env.put(SuiteConfig.DATABASE_URL, TestPostgres.url());
    env.put(SuiteConfig.DATABASE_SCHEMA, schema);
    env.put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + chat.actualPort() + "/chat");
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "200");
    // a frontend elsewhere is allowed; the edge's own origin is not listed and needs not be
    env.put(SuiteConfig.CORS_ALLOWED_ORIGINS, "https://app.example.com");
    env.put("FALLBACK_BCRYPT_COST", "4");
    env.put("FALLBACK_AUDIT_FILE", dir.resolve("fallback-audit.jsonl").toString());
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint());
    env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    return env;
  }
}
