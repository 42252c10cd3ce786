package authsuite.launcher.demo;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigException;
import authsuite.common.config.ConfigLoader;
import authsuite.common.testing.TestTokens;
import authsuite.launcher.SuiteRunner;
import authsuite.launcher.SuiteRunner.RunningService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The development stand-ins as a newcomer meets them: the README's run command on a machine with no
 * primary auth service, no chat upstream, no Redis and no PostgreSQL.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Development stand-ins beside the whole suite")
class DemoStandInsTest {
  private static final String PASSWORD = "demo-password-change-me";

  private static Map<String, String> freshMachine(Path dir) {
    Map<String, String> env = new HashMap<>();
    for (SuiteService service : SuiteService.values()) {
      env.put(service.portVariable(), "0");
    }
    env.put("DEMO_PRIMARY_AUTH_PORT", "0");
    env.put("DEMO_CHAT_PORT", "0");
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "200");
    env.put("COORDINATOR_PROBE_TIMEOUT_MS", "150");
    env.put("COORDINATOR_MODE_FAIL_ROUNDS", "2");
    env.put("FALLBACK_PROBE_INTERVAL_MS", "200");
    env.put("FALLBACK_BCRYPT_COST", "4");
    env.put("FALLBACK_AUDIT_FILE", dir.resolve("audit.jsonl").toString());
    return env;
  }

  @Test
  @DisplayName("the demo user signs in at the primary stand-in with tokens the adapter validates; a drill from the stand-in takes the suite "
      + "to degraded mode on its own, where the same user gets an emergency session; the echo chat answers through the gateway")
  void demoOnAFreshMachine(Vertx vertx, @TempDir Path dir) {
    Map<SuiteService, Integer> ports = ports(SuiteRunner.start(vertx, freshMachine(dir), List.of()).await());
    WebClient client = WebClient.create(vertx);
    String primary = primaryUrl(client, ports);
    assertThat(primary).startsWith("http://127.0.0.1:");
    int primaryPort = Integer.parseInt(primary.substring(primary.lastIndexOf(':') + 1));

    JsonObject described = client.get(primaryPort, "127.0.0.1", "/api/v1/auth/stand-in").send().await().bodyAsJsonObject();
    assertThat(described.getJsonArray("stand_ins")).containsExactly(DemoStandIns.PRIMARY_AUTH, DemoStandIns.ECHO_CHAT);
    assertThat(described.getString("stand_in")).contains("development-only");

    HttpResponse<Buffer> refused = login(client, primaryPort, "demo", PASSWORD + "x");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("invalid_credentials");
    HttpResponse<Buffer> signedIn = login(client, primaryPort, "demo", PASSWORD);
    assertThat(signedIn.statusCode()).as(signedIn.bodyAsString()).isEqualTo(200);
    String access = signedIn.bodyAsJsonObject().getString("access_token");
    JsonObject validated = client.post(ports.get(SuiteService.JWT_TOKEN_ADAPTER), "127.0.0.1", "/api/v1/jwt/validate")
        .sendJsonObject(new JsonObject().put("token", access)).await().bodyAsJsonObject();
    assertThat(validated.getBoolean("valid")).as(validated.encode()).isTrue();
    assertThat(validated.getJsonObject("identity").getString("email")).isEqualTo("demo@example.com");
    HttpResponse<Buffer> refreshed = client.post(ports.get(SuiteService.JWT_TOKEN_ADAPTER), "127.0.0.1", "/api/v1/jwt/refresh")
        .sendJsonObject(new JsonObject().put("refresh_token", signedIn.bodyAsJsonObject().getString("refresh_token"))).await();
    assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);

    assertThat(echoThroughGateway(vertx, client, ports.get(SuiteService.WEBSOCKET_AUTH_GATEWAY), access).await()).isEqualTo("echo: hello");

    HttpResponse<Buffer> emergencyBefore = emergency(client, ports, PASSWORD);
    assertThat(emergencyBefore.statusCode()).as("no emergency sign-in while the primary is up").isEqualTo(403);

    assertThat(client.post(primaryPort, "127.0.0.1", "/api/v1/auth/drill").sendJsonObject(new JsonObject().put("drill", true)).await()
        .statusCode()).isEqualTo(200);
    assertThat(login(client, primaryPort, "demo", PASSWORD).statusCode()).isEqualTo(503);
    JsonObject degraded = awaitReport(vertx, client, ports, r -> "degraded".equals(r.getString("mode"))).await();
    assertThat(degraded.getJsonObject("dependencies").getJsonObject("primary_auth").getString("status")).isEqualTo("unhealthy");
    HttpResponse<Buffer> granted = awaitEmergency(vertx, client, ports).await();
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(200);
    assertThat(granted.bodyAsJsonObject().getJsonObject("identity").getString("user_id")).isEqualTo("1");
    assertThat(emergency(client, ports, "wrong-" + PASSWORD).statusCode()).isEqualTo(401);

    client.post(primaryPort, "127.0.0.1", "/api/v1/auth/drill").sendJsonObject(new JsonObject().put("drill", false)).await();
    awaitReport(vertx, client, ports, r -> "normal".equals(r.getString("mode"))).await();
    assertThat(login(client, primaryPort, "demo", PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the stand-in's sign-in refuses garbage JSON (400), a form (415), a missing password (400) and an unknown path (404), in the error shape")
  void hostileSignIns(Vertx vertx, @TempDir Path dir) {
    Map<SuiteService, Integer> ports = ports(SuiteRunner.start(vertx, freshMachine(dir), List.of()).await());
    WebClient client = WebClient.create(vertx);
    String primary = primaryUrl(client, ports);
    int primaryPort = Integer.parseInt(primary.substring(primary.lastIndexOf(':') + 1));
    record Case(String body, String type, int status) {
    }
    for (Case hostile : List.of(new Case("{\"username\":", "application/json", 400),
        new Case("username=demo&password=x", "application/x-www-form-urlencoded", 415),
        new Case("{\"username\":\"demo\"}", "application/json", 400),
        new Case("{\"username\":\"demo\",\"password\":[\"" + PASSWORD + "\"]}", "application/json", 400))) {
      HttpResponse<Buffer> answer = client.post(primaryPort, "127.0.0.1", "/api/v1/auth/login").putHeader("Content-Type", hostile.type())
          .sendBuffer(Buffer.buffer(hostile.body())).await();
      assertThat(answer.statusCode()).as(hostile.body()).isEqualTo(hostile.status());
      assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.bodyAsJsonObject().getString("code")).isNotBlank();
    }
    HttpResponse<Buffer> unknown = client.get(primaryPort, "127.0.0.1", "/api/v1/users/me").send().await();
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
  }

  @Test
  @DisplayName("a configured primary and chat upstream are never replaced, and DEMO_STAND_INS=off starts nothing")
  void configuredServicesWin(Vertx vertx, @TempDir Path dir) {
    Map<String, String> env = freshMachine(dir);
    env.put("PRIMARY_AUTH_URL", "http://127.0.0.1:9");
    WebClient client = WebClient.create(vertx);
    assertThat(primaryUrl(client, ports(SuiteRunner.start(vertx, env, List.of()).await()))).isEqualTo("http://127.0.0.1:9");

    Vertx other = Vertx.vertx();
    try {
      Map<String, String> off = freshMachine(dir);
      off.put("DEMO_STAND_INS", "off");
      assertThat(primaryUrl(client, ports(SuiteRunner.start(other, off, List.of()).await())))
          .as("no primary configured, none started").isNull();
    } finally {
      other.close().await();
    }
  }

  @Test
  @DisplayName("the prod profile refuses DEMO_STAND_INS other than off, naming it, and the stand-ins command alone")
  void refusedInProd(Vertx vertx, @TempDir Path dir) {
    Map<String, String> env = freshMachine(dir);
    env.put("SUITE_PROFILE", "prod");
    env.put("DEMO_STAND_INS", "auto");
    assertThatThrownBy(() -> SuiteRunner.start(vertx, env, List.of()).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DEMO_STAND_INS")
        .hasMessageContaining("refused in the prod profile");

    Map<String, String> prod = new HashMap<>(env);
    prod.put("DEMO_STAND_INS", "off");
    prod.put("JWT_SECRET_KEY", TestTokens.JWT_SECRET_KEY);
    prod.put("SERVICE_SECRET", TestTokens.SERVICE_SECRET);
    prod.put("EMERGENCY_SIGNING_KEY", TestTokens.EMERGENCY_SIGNING_KEY);
    prod.put("SUITE_PROFILE", "dev");
    var config = ConfigLoader.load(vertx, prod).await().config();
    assertThat(DemoStandIns.wanted(config)).isFalse();
    prod.put("SUITE_PROFILE", "prod");
    prod.put("REDIS_URL", "redis://127.0.0.1:6379");
    prod.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test");
    prod.remove("DEMO_STAND_INS");
    var prodConfig = ConfigLoader.load(vertx, prod).await().config();
    assertThat(DemoStandIns.wanted(prodConfig)).as("prod never starts stand-ins by default").isFalse();
    assertThatThrownBy(() -> DemoStandIns.alone(vertx, prodConfig, List.of()).await()).hasMessageContaining("refused in the prod profile");
  }

  @Test
  @DisplayName("every answer of the primary stand-in, in each state, matches its OpenAPI document (openapi/demo-primary-auth.yaml)")
  void answersMatchTheirContract(Vertx vertx) {
    OpenAPIContract contract = OpenAPIContract.from(vertx, "src/main/resources/openapi/demo-primary-auth.yaml").await();
    ResponseValidator validator = ResponseValidator.create(vertx, contract);
    PrimaryAuthStandIn standIn = new PrimaryAuthStandIn(vertx, TestTokens.JWT_SECRET_KEY, java.util.Optional.empty(), DemoUser.hashed(4),
        java.util.Optional.empty(), List.of(DemoStandIns.PRIMARY_AUTH));
    int port = standIn.listen("127.0.0.1", 0).await().actualPort();
    WebClient client = WebClient.create(vertx);
    Map<String, List<HttpResponse<Buffer>>> answers = new java.util.LinkedHashMap<>();
    java.util.function.BiConsumer<String, HttpResponse<Buffer>> keep = (operation, answer) ->
        answers.computeIfAbsent(operation, o -> new java.util.ArrayList<>()).add(answer);
    keep.accept("standInHealth", client.get(port, "127.0.0.1", "/health").send().await());
    keep.accept("describeStandIn", client.get(port, "127.0.0.1", "/api/v1/auth/stand-in").send().await());
    keep.accept("login", login(client, port, "demo", PASSWORD));
    keep.accept("login", login(client, port, "demo@example.com", PASSWORD));
    keep.accept("login", login(client, port, "demo", "nope"));
    keep.accept("login", client.post(port, "127.0.0.1", "/api/v1/auth/login").sendJsonObject(new JsonObject()).await());
    keep.accept("login", client.post(port, "127.0.0.1", "/api/v1/auth/login").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("demo")).await());
    keep.accept("setDrill", client.post(port, "127.0.0.1", "/api/v1/auth/drill").sendJsonObject(new JsonObject().put("drill", "yes")).await());
    keep.accept("setDrill", client.post(port, "127.0.0.1", "/api/v1/auth/drill").sendJsonObject(new JsonObject().put("drill", true)).await());
    keep.accept("standInHealth", client.get(port, "127.0.0.1", "/health").send().await());
    keep.accept("login", login(client, port, "demo", PASSWORD));

    List<Integer> statuses = new java.util.ArrayList<>();
    answers.forEach((operation, list) -> list.forEach(answer -> {
      statuses.add(answer.statusCode());
      String type = answer.getHeader("Content-Type");
      validator.validate(ValidatableResponse.create(answer.statusCode(), answer.bodyAsBuffer(), type == null ? null : type.split(";")[0]),
          operation).await();
    }));
    assertThat(statuses).containsExactly(200, 503, 200, 200, 200, 401, 400, 415, 503, 400, 200);
  }

  private static HttpResponse<Buffer> login(WebClient client, int port, String username, String password) {
    return client.post(port, "127.0.0.1", "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password)).await();
  }

  private static HttpResponse<Buffer> emergency(WebClient client, Map<SuiteService, Integer> ports, String password) {
    return client.post(ports.get(SuiteService.FALLBACK_SESSION_PROVIDER), "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", "demo").put("password", password)).await();
  }

  private static Future<HttpResponse<Buffer>> awaitEmergency(Vertx vertx, WebClient client, Map<SuiteService, Integer> ports) {
    return poll(vertx, () -> client.post(ports.get(SuiteService.FALLBACK_SESSION_PROVIDER), "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", "demo").put("password", PASSWORD)), r -> r.statusCode() != 403, 100);
  }

  private static Future<JsonObject> awaitReport(Vertx vertx, WebClient client, Map<SuiteService, Integer> ports, Predicate<JsonObject> wanted) {
    return poll(vertx, () -> client.get(ports.get(SuiteService.SERVICE_BOUNDARY_COORDINATOR), "127.0.0.1", "/api/v1/health/integration")
        .send().map(HttpResponse::bodyAsJsonObject), wanted, 100);
  }

  /** Asks again every 100 ms, up to {@code attempts} times; the last answer either way. */
  private static <T> Future<T> poll(Vertx vertx, java.util.function.Supplier<Future<T>> ask, Predicate<T> done, int attempts) {
    return ask.get().compose(answer -> {
      if (done.test(answer) || attempts <= 1) {
        return Future.succeededFuture(answer);
      }
      Promise<T> later = Promise.promise();
      vertx.setTimer(100, tick -> poll(vertx, ask, done, attempts - 1).onComplete(later));
      return later.future();
    });
  }

  private static Future<String> echoThroughGateway(Vertx vertx, WebClient client, int gatewayPort, String access) {
    return client.post(gatewayPort, "127.0.0.1", "/api/v1/ws-auth/validate").putHeader("Authorization", "Bearer " + access).send()
        .compose(ticket -> {
          assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(200);
          WebSocketClient sockets = vertx.createWebSocketClient();
          return sockets.connect(gatewayPort, "127.0.0.1", "/ws?ticket=" + ticket.bodyAsJsonObject().getString("ticket"));
        })
        .compose(socket -> {
          Promise<String> reply = Promise.promise();
          socket.textMessageHandler(reply::tryComplete);
          socket.writeTextMessage("hello");
          return reply.future().eventually(() -> socket.close());
        });
  }

  /** The primary auth service as the coordinator reports it: what the demo page reads. */
  private static String primaryUrl(WebClient client, Map<SuiteService, Integer> ports) {
    return client.get(ports.get(SuiteService.SERVICE_BOUNDARY_COORDINATOR), "127.0.0.1", "/api/v1/health/integration").send().await()
        .bodyAsJsonObject().getJsonObject("dependencies").getJsonObject("primary_auth").getString("url");
  }

  private static Map<SuiteService, Integer> ports(List<RunningService> running) {
    return running.stream().collect(Collectors.toMap(RunningService::service, RunningService::port));
  }
}
