package authsuite.launcher;

import at.favre.lib.crypto.bcrypt.BCrypt;
import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.BrowserScripts;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import authsuite.coordinator.CoordinatorVerticle;
import authsuite.fallback.FallbackProviderVerticle;
import authsuite.jwt.TokenAdapterVerticle;
import authsuite.session.SessionNormalizerVerticle;
import authsuite.wsgateway.WebSocketGatewayVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client library (clients/web) in Debian's headless Chromium, through the demo page the
 * coordinator serves at /demo/, against all five services, a primary-auth stand-in and an echo
 * chat upstream. The browser script (src/test/browser/web-client.mjs, playwright-core) drives the
 * page and calls this test's control server to stop the primary, force the drill and revoke a user.
 * Screenshots of each state are kept in target/web-client/. Skipped only when Node.js is absent.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The web client in a real browser against the whole suite")
class WebClientBrowserTest {
  private static final Path BROWSER_DIR = Path.of("src/test/browser");
  private static final Path SHOTS = Path.of("target/web-client");
  private static final String USER = "ops";
  private static final String USER_ID = "ops-1";
  private static final String PASSWORD = "break-glass-password";
  private final String prefix = TestRedis.uniqueKeyPrefix();

  @AfterEach
  void cleanUp(Vertx vertx) {
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
  }

  @Test
  @DisplayName("health panel all healthy; one refresh for two tabs; 503 keeps and valid:false ends the session; drill: limited mode, emergency sign-in, chat round trip; a revocation closes the socket as a revocation")
  void demoPageInChromium(Vertx vertx, @TempDir Path dir) throws Exception {
    BrowserScripts browser = BrowserScripts.prepare(BROWSER_DIR);
    Files.writeString(dir.resolve("break-glass.json"), new JsonArray().add(new JsonObject().put("username", USER).put("user_id", USER_ID)
        .put("hashed_password", new String(BCrypt.withDefaults().hash(4, PASSWORD.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.US_ASCII))).encode());
    HttpServer primary = vertx.createHttpServer().requestHandler(request -> request.response().end("{\"status\":\"ok\"}"))
        .listen(0, "127.0.0.1").await();
    HttpServer echo = echoUpstream(vertx);
    int coordinatorPort = freePort();
    JsonObject config = TestServices.redisConfig(prefix)
        .put(SuiteService.SERVICE_BOUNDARY_COORDINATOR.portVariable(), String.valueOf(coordinatorPort))
        .put(SuiteConfig.CORS_ALLOWED_ORIGINS, "http://127.0.0.1:" + coordinatorPort)
        .put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + primary.actualPort())
        .put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + echo.actualPort() + "/ws")
        .put("COORDINATOR_PROBE_INTERVAL_MS", "300")
        .put("COORDINATOR_PROBE_TIMEOUT_MS", "250")
        .put("COORDINATOR_MODE_FAIL_ROUNDS", "2")
        .put("FALLBACK_PROBE_INTERVAL_MS", "600000")
        .put("FALLBACK_BCRYPT_COST", "4")
        .put("FALLBACK_BREAK_GLASS_FILE", dir.resolve("break-glass.json").toString())
        .put("FALLBACK_AUDIT_FILE", dir.resolve("audit.jsonl").toString());
    TestServices.start(vertx, new TokenAdapterVerticle(), config).await();
    TestServices.start(vertx, new SessionNormalizerVerticle(), config).await();
    TestServices.start(vertx, new FallbackProviderVerticle(), config).await();
    TestServices.start(vertx, new WebSocketGatewayVerticle(), config).await();
    CoordinatorVerticle coordinator = TestServices.start(vertx, new CoordinatorVerticle(), config).await();
    assertThat(coordinator.port()).isEqualTo(coordinatorPort);
    WebClient client = WebClient.create(vertx);
    HttpServer control = vertx.createHttpServer()
        .requestHandler(request -> control(vertx, client, coordinatorPort, primary, request))
        .listen(0, "127.0.0.1").await();
    Files.createDirectories(SHOTS);
    // issued a few seconds ago, so the revocation of user 42 later covers whatever descends from them
    JsonObject access = TestTokens.primaryClaims("42").put("iat", Instant.now().getEpochSecond() - 5);
    JsonObject refresh = TestTokens.primaryClaims("42").put("type", "refresh").put("jti", "r-" + System.nanoTime())
        .put("iat", Instant.now().getEpochSecond() - 5);

    int exit = browser.runLogged(List.of("web-client.mjs", "http://127.0.0.1:" + coordinatorPort + "/demo/",
        "http://127.0.0.1:" + control.actualPort(), SHOTS.toAbsolutePath().toString(),
        TestTokens.primary(access), TestTokens.primary(refresh), USER, PASSWORD), SHOTS.resolve("browser.log"), 120);

    control.close().await();
    echo.close().await();
    client.close();
    assertThat(exit).as("the browser script's exit code (its output is above and in " + SHOTS.resolve("browser.log") + ")").isZero();
    for (String state : List.of("healthy", "two-tabs-refreshed", "cannot-tell", "signed-out", "limited-mode", "chat", "revoked")) {
      assertThat(SHOTS.resolve("demo-" + state + ".png")).isNotEmptyFile();
    }
  }

  /** The browser script's hands on the suite: stop the primary, force the drill, revoke a user. */
  private static void control(Vertx vertx, WebClient client, int coordinatorPort, HttpServer primary, HttpServerRequest request) {
    Future<?> done = switch (request.path()) {
      case "/primary/stop" -> primary.close();
      case "/drill" -> client.post(coordinatorPort, "127.0.0.1", "/api/v1/coordinator/mode")
          .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx))
          .sendJsonObject(new JsonObject().put("mode", "degraded").put("expires_in_s", 600))
          .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture("mode: " + r.bodyAsString()));
      case "/revoke-user" -> client.post(coordinatorPort, "127.0.0.1", "/api/v1/coordinator/sync-auth")
          .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx))
          .sendJsonObject(new JsonObject().put("type", "revoke_user").put("user_id", request.getParam("id")))
          .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture("sync-auth: " + r.bodyAsString()));
      default -> Future.failedFuture("no such control: " + request.path());
    };
    done.onComplete(result -> request.response().setStatusCode(result.succeeded() ? 200 : 500)
        .end(result.succeeded() ? "ok" : result.cause().getMessage()));
  }

  private static HttpServer echoUpstream(Vertx vertx) {
    return vertx.createHttpServer()
        .webSocketHandler(socket -> socket.textMessageHandler(text -> socket.writeTextMessage("echo: " + text)))
        .listen(0, "127.0.0.1").await();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
