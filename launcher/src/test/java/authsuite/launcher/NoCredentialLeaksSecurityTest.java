package authsuite.launcher;

import at.favre.lib.crypto.bcrypt.BCrypt;
import authsuite.common.SuiteService;
import authsuite.common.config.Secrets;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.InternalTokens;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.JwksServer;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestTokens;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite as an operator runs it: the launcher in a JVM of its own with its production logging
 * (JSON lines), used by a client for a while (sessions, refresh, exchange, tickets and a WebSocket, emergency
 * sign-in, status pages, hostile input). Then every answer and every log line is searched for what must never
 * be in them (docs/threat-model.md, "What never leaves the suite"): a secret, a URL's password, a password that
 * was typed, a full token, a session id other than the one the caller sent.
 */
@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("No answer or log line of a whole-suite run carries a secret, a URL password, a full token or someone else's session id")
class NoCredentialLeaksSecurityTest {
  private static final long PATIENCE_MS = 20_000;
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]*");
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String JWT_SECRET = "leak-jwt-secret-" + SUFFIX + "-0123456789abcdef0123456789";
  private static final String SERVICE_SECRET = "leak-service-secret-" + SUFFIX + "-0123456789abcdef01234";
  private static final String EMERGENCY_KEY = "leak-emergency-key-" + SUFFIX + "-0123456789abcdef012345";
  private static final String PRIMARY_URL_PASSWORD = "PrimaryUrlPass" + SUFFIX;
  private static final String JWKS_URL_PASSWORD = "JwksUrlPass" + SUFFIX;
  private static final String DATABASE_URL_PASSWORD = "DbUrlPass" + SUFFIX;
  private static final String BREAK_GLASS_PASSWORD = "BreakGlassPass" + SUFFIX;
  private static final String WRONG_PASSWORD = "WrongPass" + SUFFIX;
  private static final String USER = "leak-" + SUFFIX;

  private final List<Exchange> exchanges = new ArrayList<>();
  private final Set<String> credentials = new LinkedHashSet<>();
  private Vertx vertx;
  private WebClient http;

  /** One request and its answer, as text: what went out (URI, headers, body) and what came back. */
  private record Exchange(String request, String answer) {
  }

  @Test
  @DisplayName("a run of every endpoint, hostile inputs included, leaves no credential in answers it was not issued by, and none at all in the logs")
  void nothingLeaks(Vertx vertx, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    http = WebClient.create(vertx);
    HttpServer chat = vertx.createHttpServer().webSocketHandler(ws -> ws.frameHandler(ws::writeFrame)).listen(0, "127.0.0.1").await();
    JwksServer issuer = JwksServer.start(vertx);
    RSAKey issuerKey = new RSAKeyGenerator(2048).keyID("leak-kid").generate();
    issuer.publish(issuerKey);
    String schema = TestPostgres.uniqueSchema();
    String prefix = TestRedis.uniqueKeyPrefix();
    Map<SuiteService, Integer> ports = freePorts();
    Path log = dir.resolve("suite.log");
    Process suite = startSuite(dir, log, ports, schema, prefix, chat.actualPort(), issuer);
    try {
      awaitHealthy(ports);
      exercise(vertx, ports, issuerKey, issuer.issuer());
    } finally {
      suite.destroy();
      suite.waitFor(20, TimeUnit.SECONDS);
      suite.destroyForcibly();
      chat.close().await();
      issuer.stop();
      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
      TestPostgres.dropSchema(vertx, schema).await();
    }

    String logs = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(logs).as("the suite logged something").contains("\"level\"");
    assertThat(leaks(logs)).as("everything that leaked").isEmpty();
  }

  /** Every leak at once, each saying what leaked and where, so that one run shows the whole picture. */
  private List<String> leaks(String logs) {
    List<String> leaks = new ArrayList<>();
    for (String line : logs.split("\n")) {
      secrets().stream().filter(line::contains).forEach(secret -> leaks.add("a log line carries a secret: " + line));
      credentials.stream().filter(line::contains).forEach(credential -> leaks.add("a log line carries a credential: " + line));
    }
    List<String> seenBefore = new ArrayList<>();
    for (Exchange exchange : exchanges) {
      secrets().stream().filter(exchange.answer()::contains)
          .forEach(secret -> leaks.add("the answer to " + exchange.request() + " carries a secret: " + exchange.answer()));
      for (String credential : credentials) {
        boolean handedBack = exchange.answer().contains(credential);
        boolean sentByCaller = exchange.request().contains(credential);
        boolean issuedEarlier = seenBefore.stream().anyMatch(text -> text.contains(credential));
        if (handedBack && !sentByCaller && issuedEarlier) {
          leaks.add("the answer to " + exchange.request() + " hands back a credential issued to someone else: " + exchange.answer());
        }
      }
      seenBefore.add(exchange.request());
      seenBefore.add(exchange.answer());
    }
    return leaks;
  }

  private static List<String> secrets() {
    return List.of(JWT_SECRET, SERVICE_SECRET, EMERGENCY_KEY, PRIMARY_URL_PASSWORD, JWKS_URL_PASSWORD, DATABASE_URL_PASSWORD,
        BREAK_GLASS_PASSWORD, WRONG_PASSWORD);
  }

  private void exercise(Vertx vertx, Map<SuiteService, Integer> ports, RSAKey issuerKey, String issuerName) throws Exception {
    int adapter = ports.get(SuiteService.JWT_TOKEN_ADAPTER);
    int sessions = ports.get(SuiteService.SESSION_VALIDATION_NORMALIZER);
    int fallback = ports.get(SuiteService.FALLBACK_SESSION_PROVIDER);
    int gateway = ports.get(SuiteService.WEBSOCKET_AUTH_GATEWAY);
    int coordinator = ports.get(SuiteService.SERVICE_BOUNDARY_COORDINATOR);
    String internal = remember(InternalTokens.create(vertx, SERVICE_SECRET).mint("leak-test", java.time.Duration.ofMinutes(2)));

    // two sessions of one user: the viewer's, and an admin one its holder must never learn
    String viewerSession = remember(send(post(sessions, "/api/v1/session/create").bearerTokenAuthentication(internal),
        new JsonObject().put("user_id", USER).put("roles", new JsonArray().add("viewer"))).bodyAsJsonObject().getString("session_id"));
    String adminSession = remember(send(post(sessions, "/api/v1/session/create").bearerTokenAuthentication(internal),
        new JsonObject().put("user_id", USER).put("roles", new JsonArray().add("admin"))).bodyAsJsonObject().getString("session_id"));
    assertThat(adminSession).isNotBlank();
    send(post(sessions, "/api/v1/session/validate").putHeader("X-Session-ID", viewerSession), null);
    send(post(sessions, "/api/v1/session/validate").putHeader("Cookie", "session_id=" + viewerSession), null);
    send(get(sessions, "/api/v1/session/info").putHeader("X-Session-ID", viewerSession), null);
    send(get(sessions, "/api/v1/session/info?user_id=" + USER).bearerTokenAuthentication(internal), null);

    // the primary's tokens: validate, forward-auth, refresh and its reuse, tickets and a socket
    long now = Instant.now().getEpochSecond();
    String access = remember(primary(new JsonObject().put("sub", USER).put("email", USER + "@example.com")
        .put("type", "access").put("jti", "a-" + SUFFIX).put("sid", viewerSession).put("roles", new JsonArray().add("chat-user"))
        .put("iat", now).put("exp", now + 600)));
    send(get(sessions, "/api/v1/session/info").bearerTokenAuthentication(access), null);
    send(post(adapter, "/api/v1/jwt/validate"), new JsonObject().put("token", access));
    send(get(adapter, "/api/v1/jwt/verify").bearerTokenAuthentication(access), null);
    String refresh = remember(primary(new JsonObject().put("sub", USER).put("type", "refresh").put("jti", "r-" + SUFFIX)
        .put("iat", now).put("exp", now + 3600)));
    JsonObject pair = send(post(adapter, "/api/v1/jwt/refresh"), new JsonObject().put("refresh_token", refresh)).bodyAsJsonObject();
    remember(pair.getString("access_token"));
    remember(pair.getString("refresh_token"));
    send(post(adapter, "/api/v1/jwt/refresh"), new JsonObject().put("refresh_token", refresh));
    String external = remember(TestTokens.rs256(issuerKey, new JsonObject().put("iss", issuerName).put("sub", USER)
        .put("iat", now).put("exp", now + 600).put("jti", "x-" + SUFFIX), new JsonObject()));
    JsonObject exchanged = send(post(adapter, "/api/v1/jwt/exchange"), new JsonObject().put("token", external)).bodyAsJsonObject();
    remember(exchanged.getString("access_token"));
    JsonObject ticketAnswer = send(post(gateway, "/api/v1/ws-auth/validate").bearerTokenAuthentication(access), null).bodyAsJsonObject();
    String ticket = remember(ticketAnswer.getString("ticket"));
    roundTrip(vertx, gateway, "/ws?ticket=" + ticket);
    send(get(gateway, "/api/v1/ws-auth/connection-info?user_id=" + USER).bearerTokenAuthentication(access), null);
    send(get(gateway, "/api/v1/ws-auth/connection-info?user_id=" + USER).bearerTokenAuthentication(internal), null);

    // the primary is down (its URL points nowhere): emergency sign-in opens; a wrong and a right password
    awaitAnswer(get(fallback, "/api/v1/fallback/status"), status -> status.getBoolean("active", false));
    send(post(fallback, "/api/v1/fallback/emergency-auth"), new JsonObject().put("username", "ops").put("password", WRONG_PASSWORD));
    JsonObject granted = send(post(fallback, "/api/v1/fallback/emergency-auth"),
        new JsonObject().put("username", "ops").put("password", BREAK_GLASS_PASSWORD)).bodyAsJsonObject();
    remember(granted.getString("access_token"));
    JsonObject created = send(post(fallback, "/api/v1/fallback/create").bearerTokenAuthentication(access), null).bodyAsJsonObject();
    remember(created.getString("access_token"));

    // hostile input: a forged signature, alg none, garbage, a token in the query string
    String forged = remember(access.substring(0, access.lastIndexOf('.') + 1) + "AAAA" + access.substring(access.lastIndexOf('.') + 5));
    send(post(adapter, "/api/v1/jwt/validate"), new JsonObject().put("token", forged));
    send(get(adapter, "/api/v1/jwt/verify").bearerTokenAuthentication(forged), null);
    String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + access.substring(access.indexOf('.'), access.lastIndexOf('.') + 1);
    send(post(sessions, "/api/v1/session/validate").bearerTokenAuthentication(remember(unsigned)), null);
    sendRaw(post(adapter, "/api/v1/jwt/validate").putHeader("Content-Type", "application/json"), "{\"token\": \"" + access + "\",,");
    send(get(adapter, "/api/v1/jwt/status?token=" + access), null);
    send(post(gateway, "/api/v1/ws-auth/validate"), new JsonObject().put("token", refresh));

    // every status and health answer, as anyone can read them
    for (Map.Entry<SuiteService, Integer> service : ports.entrySet()) {
      send(get(service.getValue(), "/health"), null);
    }
    send(get(adapter, "/api/v1/jwt/status"), null);
    send(get(fallback, "/api/v1/fallback/status"), null);
    send(get(coordinator, "/api/v1/coordinator/status"), null);
    send(get(coordinator, "/api/v1/coordinator/services"), null);
    send(get(coordinator, "/api/v1/health/integration"), null);
    send(post(sessions, "/api/v1/session/revoke").putHeader("X-Session-ID", viewerSession),
        new JsonObject().put("session_id", viewerSession));
  }

  /** A token of the primary auth service, signed with this run's JWT secret. */
  private static String primary(JsonObject claims) {
    return TestTokens.hmac(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, JWT_SECRET.getBytes(StandardCharsets.UTF_8));
  }

  private String remember(String credential) {
    assertThat(credential).as("a credential the run needs; last exchange: %s",
        exchanges.isEmpty() ? "none" : exchanges.get(exchanges.size() - 1)).isNotBlank();
    credentials.add(credential);
    return credential;
  }

  private HttpRequest<Buffer> get(int port, String uri) {
    return http.request(HttpMethod.GET, port, "127.0.0.1", uri);
  }

  private HttpRequest<Buffer> post(int port, String uri) {
    return http.request(HttpMethod.POST, port, "127.0.0.1", uri);
  }

  private HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
    if (body == null) {
      return record(request, "", request.send().await());
    }
    return record(request, body.encode(), request.sendJsonObject(body).await());
  }

  private HttpResponse<Buffer> sendRaw(HttpRequest<Buffer> request, String body) {
    return record(request, body, request.sendBuffer(Buffer.buffer(body)).await());
  }

  private HttpResponse<Buffer> record(HttpRequest<Buffer> request, String body, HttpResponse<Buffer> response) {
    String sent = request.method() + " " + request.uri() + " " + request.headers() + " " + body;
    exchanges.add(new Exchange(sent + readableClaims(sent), response.statusCode() + " " + response.headers() + " " + response.bodyAsString()));
    return response;
  }

  /** The payloads of the JWTs a request carries: what is in them (a {@code sid}, say) the caller already holds. */
  private static String readableClaims(String sent) {
    StringBuilder claims = new StringBuilder();
    Matcher jwt = JWT.matcher(sent);
    while (jwt.find()) {
      try {
        claims.append(' ').append(new String(Base64.getUrlDecoder().decode(jwt.group(1)), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notBase64) {
        // a hostile token of this test: nothing readable in it
      }
    }
    return claims.toString();
  }

  private void roundTrip(Vertx vertx, int gateway, String uri) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway).setURI(uri)).await();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      socket.textMessageHandler(echoed::complete);
      socket.writeTextMessage("hello").await();
      assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
      socket.close().await();
    } finally {
      client.close().await();
    }
  }

  private void awaitAnswer(HttpRequest<Buffer> request, Predicate<JsonObject> condition) {
    Eventually.until(vertx, () -> send(request, null).bodyAsJsonObject(), condition, Duration.ofMillis(PATIENCE_MS));
  }

  private void awaitHealthy(Map<SuiteService, Integer> ports) {
    long deadline = System.currentTimeMillis() + 60_000;
    for (int port : ports.values()) {
      Eventually.until(vertx, "the suite starts: port " + port + " answers /health/live", () -> {
        HttpResponse<Buffer> live = http.get(port, "127.0.0.1", "/health/live").timeout(1000).send().otherwiseEmpty().await();
        return live != null && live.statusCode() == 200;
      }, Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis())));
    }
  }

  private static Process startSuite(Path dir, Path log, Map<SuiteService, Integer> ports, String schema, String prefix,
                                    int chatPort, JwksServer issuer) throws IOException {
    Path breakGlass = dir.resolve("break-glass.json");
    Files.writeString(breakGlass, new JsonArray().add(new JsonObject().put("username", "ops").put("hashed_password",
        new String(BCrypt.withDefaults().hash(4, BREAK_GLASS_PASSWORD.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII)))
        .encode());
    int nowhere = freePort();
    String jwksUri = issuer.jwksUri().toString().replace("://", "://jwks-user:" + JWKS_URL_PASSWORD + "@");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=logback.xml", Launcher.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("JWT_") || name.startsWith("FALLBACK_") || name.startsWith("REDIS_")
        || name.startsWith("DATABASE_") || name.startsWith("SUITE_"));
    ports.forEach((service, port) -> env.put(service.portVariable(), String.valueOf(port)));
    env.put(Secrets.JWT_SECRET_KEY, JWT_SECRET);
    env.put(Secrets.SERVICE_SECRET, SERVICE_SECRET);
    env.put(Secrets.EMERGENCY_SIGNING_KEY, EMERGENCY_KEY);
    env.put(SuiteConfig.BIND_HOST, "127.0.0.1");
    env.put(SuiteConfig.ADVERTISED_HOST, "127.0.0.1");
    env.put(SuiteConfig.REDIS_URL, TestRedis.url());
    env.put(SuiteConfig.REDIS_KEY_PREFIX, prefix);
    env.put(SuiteConfig.DATABASE_URL, TestPostgres.url().replaceFirst("://([^:@/]+)@", "://$1:" + DATABASE_URL_PASSWORD + "@"));
    env.put(SuiteConfig.DATABASE_SCHEMA, schema);
    env.put(SuiteConfig.PRIMARY_AUTH_URL, "http://probe-user:" + PRIMARY_URL_PASSWORD + "@127.0.0.1:" + nowhere);
    env.put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + chatPort + "/chat");
    env.put("JWT_ISSUERS", new JsonArray().add(new JsonObject().put("issuer", issuer.issuer()).put("jwks_uri", jwksUri)).encode());
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "300");
    env.put("FALLBACK_PROBE_INTERVAL_MS", "300");
    env.put("FALLBACK_BCRYPT_COST", "4");
    env.put("FALLBACK_BREAK_GLASS_FILE", breakGlass.toString());
    env.put("FALLBACK_AUDIT_FILE", dir.resolve("audit.jsonl").toString());
    env.put("AUTHSUITE_LOG_LEVEL", "DEBUG");
    return builder.start();
  }

  private static Map<SuiteService, Integer> freePorts() throws IOException {
    Map<SuiteService, Integer> ports = new EnumMap<>(SuiteService.class);
    for (SuiteService service : SuiteService.values()) {
      ports.put(service, freePort());
    }
    return ports;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
