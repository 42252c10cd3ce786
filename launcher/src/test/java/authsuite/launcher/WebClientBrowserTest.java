package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.testing.BrowserScripts;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import authsuite.launcher.SuiteRunner.RunningService;
import authsuite.launcher.edge.EdgeNginx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as the README's quick start describes it, in Debian's headless Chromium: the whole suite started
 * the way the launcher starts it (SuiteRunner, dev profile, so the launcher's own development stand-ins are
 * the primary auth service and the chat upstream), behind a real nginx running deploy/edge's configuration.
 * The browser script (src/test/browser/web-client.mjs, playwright-core) uses the page at the edge's one
 * origin, http://127.0.0.1:&lt;edge&gt;/ — sign-in through the form, two tabs sharing one refresh, chat through
 * /ws, the outage drill from the page, emergency sign-in, a revocation closing the socket — and fails if the
 * browser sends anything to another origin (so no CORS is involved). Then a shorter pass at the coordinator's
 * /demo/ directly (CORS, the launcher's default origins). Only a revocation needs the operator: this test's
 * control server sends it to the coordinator's internal sync-auth. Screenshots of each step are kept in
 * target/web-client/. Skipped only when Node.js or nginx is absent (failed on CI).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The web client in a real browser against the whole suite, as the quick start runs it")
class WebClientBrowserTest {
  private static final Path BROWSER_DIR = Path.of("src/test/browser");
  private static final Path SHOTS = Path.of("target/web-client");
  private static final String USER = "demo";
  private static final String PASSWORD = "demo-password-change-me";
  private static final List<String> EDGE_SHOTS = List.of("edge-1-healthy", "edge-2-signed-in", "edge-3-two-tabs-refreshed",
      "edge-4-chat", "edge-5-drill-limited-mode", "edge-6-emergency-signed-in", "edge-7-revoked");
  private static final List<String> DIRECT_SHOTS = List.of("direct-1-healthy", "direct-2-signed-in", "direct-3-chat");
  private final String prefix = TestRedis.uniqueKeyPrefix();

  @AfterEach
  void cleanUp(Vertx vertx) {
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
  }

  @Test
  @DisplayName("through the edge at one origin, no CORS: five healthy, form sign-in, one refresh for two tabs, chat via /ws, drill from the page, emergency sign-in, revocation closes the socket; then directly at /demo/: healthy, sign-in, chat")
  void demoPageInChromium(Vertx vertx, @TempDir Path dir) throws Exception {
    EdgeNginx.binary();
    BrowserScripts browser = BrowserScripts.prepare(BROWSER_DIR);
    Vertx suite = Vertx.vertx();
    WebClient client = WebClient.create(vertx);
    HttpServer control = null;
    EdgeNginx edge = null;
    try {
      // a known coordinator port: the launcher's default CORS origins (for the direct pass) name it
      int coordinatorPort = EdgeNginx.freePort();
      Map<SuiteService, Integer> ports = SuiteRunner.start(suite, environment(dir, coordinatorPort), List.of()).await().stream()
          .collect(Collectors.toMap(RunningService::service, RunningService::port));
      assertThat(ports.get(SuiteService.SERVICE_BOUNDARY_COORDINATOR)).isEqualTo(coordinatorPort);
      String primaryUrl = primaryUrl(client, coordinatorPort);

      Map<String, String> upstreams = new HashMap<>();
      ports.forEach((service, port) -> upstreams.put(service.urlVariable(), "http://127.0.0.1:" + port));
      upstreams.put("PRIMARY_AUTH_URL", primaryUrl);
      edge = EdgeNginx.start(dir.resolve("edge"), upstreams);

      control = vertx.createHttpServer().requestHandler(request -> control(vertx, client, coordinatorPort, request))
          .listen(0, "127.0.0.1").await();
      Files.createDirectories(SHOTS);
      for (String shot : concat(EDGE_SHOTS, DIRECT_SHOTS)) {
        Files.deleteIfExists(SHOTS.resolve(shot + ".png"));
      }

      long started = System.currentTimeMillis();
      int exit = browser.runLogged(List.of("web-client.mjs", "http://127.0.0.1:" + edge.port() + "/",
          "http://127.0.0.1:" + coordinatorPort + "/demo/", "http://127.0.0.1:" + control.actualPort(),
          SHOTS.toAbsolutePath().toString(), USER, PASSWORD), SHOTS.resolve("browser.log"), 240);
      System.out.println("[web-client] browser script took " + (System.currentTimeMillis() - started) + " ms");

      if (exit != 0) {
        System.out.println("[web-client] the edge's access log:\n" + String.join("\n", edge.accessLog()));
      }
      assertThat(exit).as("the browser script's exit code (its output is above and in " + SHOTS.resolve("browser.log") + ")").isZero();
      for (String shot : concat(EDGE_SHOTS, DIRECT_SHOTS)) {
        assertThat(SHOTS.resolve(shot + ".png")).isNotEmptyFile();
      }
    } finally {
      if (control != null) {
        control.close().await();
      }
      if (edge != null) {
        edge.close();
      }
      client.close();
      suite.close().await();
    }
  }

  /** The launcher's environment for the quick start, on the test Redis, fast probes, no primary and no chat upstream configured. */
  private Map<String, String> environment(Path dir, int coordinatorPort) {
    Map<String, String> env = new HashMap<>();
    TestServices.redisConfig(prefix).forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    env.put(SuiteService.SERVICE_BOUNDARY_COORDINATOR.portVariable(), String.valueOf(coordinatorPort));
    env.put("DEMO_PRIMARY_AUTH_PORT", "0");
    env.put("DEMO_CHAT_PORT", "0");
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "300");
    env.put("COORDINATOR_PROBE_TIMEOUT_MS", "250");
    env.put("COORDINATOR_MODE_FAIL_ROUNDS", "2");
    env.put("FALLBACK_PROBE_INTERVAL_MS", "300");
    env.put("FALLBACK_BCRYPT_COST", "4");
    env.put("FALLBACK_AUDIT_FILE", dir.resolve("fallback-audit.jsonl").toString());
    return env;
  }

  /** The primary the coordinator probes: the launcher's stand-in, on the port it found free. */
  private static String primaryUrl(WebClient client, int coordinatorPort) {
    HttpResponse<Buffer> report = client.get(coordinatorPort, "127.0.0.1", "/api/v1/health/integration").send().await();
    assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
    String url = report.bodyAsJsonObject().getJsonObject("dependencies", new JsonObject())
        .getJsonObject("primary_auth", new JsonObject()).getString("url");
    assertThat(url).as("dependencies.primary_auth.url in " + report.bodyAsString()).startsWith("http://127.0.0.1:");
    return url.replaceAll("/$", "");
  }

  /** The browser script's hands on what only the operator can do: revoke a user through the coordinator's internal sync-auth. */
  private static void control(Vertx vertx, WebClient client, int coordinatorPort, HttpServerRequest request) {
    Future<?> done = switch (request.path()) {
      case "/revoke-user" -> client.post(coordinatorPort, "127.0.0.1", "/api/v1/coordinator/sync-auth")
          .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx))
          .sendJsonObject(new JsonObject().put("type", "revoke_user").put("user_id", request.getParam("id")))
          .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture("sync-auth: " + r.bodyAsString()));
      default -> Future.failedFuture("no such control: " + request.path());
    };
    done.onComplete(result -> request.response().setStatusCode(result.succeeded() ? 200 : 500)
        .end(result.succeeded() ? "ok" : result.cause().getMessage()));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}
