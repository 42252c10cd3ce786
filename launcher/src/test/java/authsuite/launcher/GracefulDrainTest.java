package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.Eventually;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two launcher processes on one Redis; A gets SIGTERM while clients keep calling it through a balancer that follows
 * readiness (as a Service or the edge does) and a WebSocket is open through its gateway (docs/robustness.md, "A draining instance ..."). A answers readiness 503 while it still serves, leaves
 * the registry (and B's coordinator listing) while it still serves rather than when its entries expire, tells the socket 1001,
 * answers every request it accepted, and exits 0.
 */
@Tag("robustness")
@Tag("faults")
@ExtendWith(VertxExtension.class)
@DisplayName("SIGTERM to a launcher under traffic: no accepted request fails, sockets get 1001, the instance leaves the registry at once, exit 0")
class GracefulDrainTest {
  /**
   * Long, so that an entry expiring cannot pass for a departure: A's entries would live three heartbeats, 180 s, far
   * beyond every wait of this test.
   */
  private static final Duration HEARTBEAT = Duration.ofSeconds(60);
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(1_000);
  /** A serves this long after SIGTERM: the window in which the test sees it gone from the listing yet still answering. */
  private static final int SHUTDOWN_DELAY_S = 4;
  private static final Duration READY_POLL = Duration.ofMillis(500);
  private static final int SHUTDOWN_TIMEOUT_S = 10;
  private static final long START_PATIENCE_MS = 90_000;
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private Vertx vertx;
  private WebClient http;

  @Test
  @DisplayName("readiness 503 while still serving; gone from B's coordinator listing while still serving, then from its report; socket closed 1001 going_away; every answered request right; exit 0")
  void drainsOnSigterm(Vertx vertx, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    http = WebClient.create(vertx);
    String prefix = TestRedis.uniqueKeyPrefix();
    HttpServer chat = vertx.createHttpServer().webSocketHandler(ws -> ws.frameHandler(ws::writeFrame)).listen(0, "127.0.0.1").await();
    Map<String, String> env = new HashMap<>();
    env.put(SuiteConfig.REDIS_URL, TestRedis.url());
    env.put(SuiteConfig.REDIS_KEY_PREFIX, prefix);
    env.put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + chat.actualPort() + "/chat");
    env.put(SuiteConfig.REGISTRY_HEARTBEAT_MS, String.valueOf(HEARTBEAT.toMillis()));
    env.put(SuiteConfig.SHUTDOWN_DELAY_S, String.valueOf(SHUTDOWN_DELAY_S));
    env.put(SuiteConfig.SHUTDOWN_TIMEOUT_S, String.valueOf(SHUTDOWN_TIMEOUT_S));
    env.put("COORDINATOR_PROBE_INTERVAL_MS", String.valueOf(PROBE_INTERVAL.toMillis()));
    env.put("FALLBACK_BCRYPT_COST", "4");
    LauncherProcess a = LauncherProcess.start(dir.resolve("a.log"), withAuditFile(env, dir.resolve("a-audit.jsonl")));
    LauncherProcess b = LauncherProcess.start(dir.resolve("b.log"), withAuditFile(env, dir.resolve("b-audit.jsonl")));
    List<ClientTraffic> traffic = new ArrayList<>();
    long poll = -1;
    WebSocketClient sockets = vertx.createWebSocketClient();
    try {
      SuiteProbes.awaitLive(vertx, http, a, START_PATIENCE_MS);
      SuiteProbes.awaitLive(vertx, http, b, START_PATIENCE_MS);
      int coordinatorB = b.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR);
      SuiteProbes.until(vertx, () -> get(coordinatorB, "/api/v1/health/integration"), report -> Stream.of(SuiteService.values())
          .allMatch(service -> SuiteProbes.instanceUrls(report, service).size() == 2), START_PATIENCE_MS);

      String user = "drain-" + UUID.randomUUID().toString().substring(0, 8);
      String access = TestTokens.primary(TestTokens.primaryClaims(user).put("jti", "d-" + UUID.randomUUID())
          .put("roles", new JsonArray().add("chat-user")));
      int gatewayA = a.port(SuiteService.WEBSOCKET_AUTH_GATEWAY);
      HttpResponse<Buffer> ticketed = http.post(gatewayA, "127.0.0.1", "/api/v1/ws-auth/validate")
          .bearerTokenAuthentication(access).send().await();
      assertThat(ticketed.statusCode()).as(ticketed.bodyAsString()).isEqualTo(200);
      WebSocket socket = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gatewayA)
          .setURI("/ws?ticket=" + ticketed.bodyAsJsonObject().getString("ticket"))).await();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      CompletableFuture<String> closedWith = new CompletableFuture<>();
      socket.textMessageHandler(echoed::complete);
      socket.closeHandler(v -> closedWith.complete(socket.closeStatusCode() + " " + socket.closeReason()));
      socket.writeTextMessage("before the drain").await();
      assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("before the drain");

      // the clients go through a balancer, as behind a Service or the edge: to A and B in turn while A's readiness
      // answered 200 at its last poll, to B alone after; the poll is shorter than SHUTDOWN_DELAY_S, as a probe period is
      int adapterA = a.port(SuiteService.JWT_TOKEN_ADAPTER);
      int adapterB = b.port(SuiteService.JWT_TOKEN_ADAPTER);
      AtomicBoolean aReady = new AtomicBoolean(true);
      AtomicLong turn = new AtomicLong();
      AtomicLong sentToA = new AtomicLong();
      poll = vertx.setPeriodic(READY_POLL.toMillis(), tick -> http.get(adapterA, "127.0.0.1", "/health/ready").timeout(1_000).send()
          .onComplete(answer -> aReady.set(answer.succeeded() && answer.result().statusCode() == 200)));
      ClientTraffic tokens = ClientTraffic.start(4, () -> {
        boolean toA = aReady.get() && turn.incrementAndGet() % 2 == 0;
        if (toA) {
          sentToA.incrementAndGet();
        }
        return http.post(toA ? adapterA : adapterB, "127.0.0.1", "/api/v1/jwt/validate")
            .timeout(15_000).sendJsonObject(new JsonObject().put("token", access));
      }, answer -> answer.statusCode() == 200 && answer.bodyAsJsonObject().getBoolean("valid"));
      traffic.add(tokens);
      tokens.awaitServed(vertx, 20, PATIENCE);
      Eventually.until(vertx, "requests reach A", () -> sentToA.get() > 0, PATIENCE);

      a.terminate();
      // the signal reaches the JVM a moment after kill(2) returns: A says not ready (an answer, so it still serves)
      // once it has; a drained A answering 200 again, or no longer answering at all, fails this
      HttpResponse<Buffer> ready = Eventually.until(vertx,
          () -> http.get(adapterA, "127.0.0.1", "/health/ready").timeout(5_000).send().await(),
          answer -> answer.statusCode() != 200, PATIENCE);
      assertThat(ready.statusCode()).as("A's readiness after SIGTERM, while it still serves: %s", ready.bodyAsString()).isEqualTo(503);
      // "at once rather than when its entries expire", as B's users see it: A is gone from B's listing while A still
      // answers (expiry would take 180 s; B dropping A on a refused probe needs A to have stopped listening). How many
      // milliseconds that takes is measured by bench/drain.sh, not asserted here.
      List<String> urlsOfA = Stream.of(SuiteService.values()).map(a::url).toList();
      ListedWhileServing seen = Eventually.until(vertx, () -> {
        JsonObject listing = get(coordinatorB, "/api/v1/coordinator/services");
        HttpResponse<Buffer> stillServing = http.get(adapterA, "127.0.0.1", "/health/ready").timeout(5_000).send().otherwiseEmpty().await();
        return new ListedWhileServing(listing, stillServing == null ? -1 : stillServing.statusCode());
      }, now -> now.listing().getJsonArray("services").stream().map(JsonObject.class::cast)
          .noneMatch(entry -> urlsOfA.contains(entry.getString("url"))), PATIENCE);
      assertThat(seen.readinessOfA()).as("A's readiness right after B's listing lost A (-1: A no longer listening): A left the "
          + "registry while it still served, not once it was gone; listing %s", seen.listing().encode()).isEqualTo(503);
      JsonObject report = SuiteProbes.until(vertx, () -> get(coordinatorB, "/api/v1/health/integration"), answer -> Stream.of(SuiteService.values())
          .allMatch(service -> SuiteProbes.instanceUrls(answer, service).equals(List.of(b.url(service)))), PATIENCE.toMillis());
      assertThat(report.getString("status")).as(report.encodePrettily()).isNotEqualTo("unhealthy");

      assertThat(closedWith.get(SHUTDOWN_DELAY_S + 15, TimeUnit.SECONDS)).as("the socket's close frame").isEqualTo("1001 going_away");
      int exit = a.awaitExit(SHUTDOWN_DELAY_S + SHUTDOWN_TIMEOUT_S + 15);
      assertThat(exit).as("A's exit code; see %s", a.log()).isZero();

      tokens.stop();
      assertThat(sentToA.get()).as("requests sent to A").isPositive();
      assertThat(tokens.served()).as("requests answered").isPositive();
      assertThat(tokens.serverErrors()).as("5xx").isZero();
      assertThat(tokens.connectionErrors()).as("requests without an answer: %s", tokens.wrongAnswers()).isZero();
      assertThat(tokens.wrongAnswers()).as("wrong answers").isEmpty();
    } finally {
      // before the client closes: a timer still polling would fail on it, outside this test
      vertx.cancelTimer(poll);
      traffic.forEach(ClientTraffic::stop);
      a.kill();
      b.close();
      sockets.close().await();
      chat.close().await();
      http.close();
      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
    }
  }

  /** B's coordinator listing, and the status A's readiness answered just after it was read (-1: no answer). */
  private record ListedWhileServing(JsonObject listing, int readinessOfA) {
  }

  private static Map<String, String> withAuditFile(Map<String, String> env, Path file) {
    Map<String, String> own = new HashMap<>(env);
    own.put("FALLBACK_AUDIT_FILE", file.toString());
    return own;
  }

  private JsonObject get(int port, String path) {
    return http.get(port, "127.0.0.1", path).timeout(5_000).send().await().bodyAsJsonObject();
  }
}
