package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.RedisOptions;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The coordinator's API: sync-auth, the registry and its status")
class CoordinatorApiTest {
  private static final String SYNC_AUTH = "/api/v1/coordinator/sync-auth";
  private CoordinatorFixture fixture;
  private List<HttpServer> peers;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    peers = fixture.registerHealthyPeers();
    fixture.start(fixture.config());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("sync-auth publishes the event on Redis to every subscriber and answers how many received it")
  void syncAuthPublishes(Vertx vertx) throws Exception {
    LinkedBlockingQueue<AuthEvent> first = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<AuthEvent> second = new LinkedBlockingQueue<>();
    AuthEventChannel one = subscriber(vertx, first);
    AuthEventChannel two = subscriber(vertx, second);

    HttpResponse<Buffer> answer = fixture.internalPost(SYNC_AUTH, new JsonObject().put("type", "revoke_user").put("user_id", "42"));

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject body = answer.bodyAsJsonObject();
    assertThat(body.getBoolean("published")).isTrue();
    // our two, and the coordinator's own subscription (it follows drills started through other instances)
    assertThat(body.getLong("receivers")).isEqualTo(3);
    for (LinkedBlockingQueue<AuthEvent> inbox : List.of(first, second)) {
      AuthEvent event = inbox.poll(2, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.type()).isEqualTo("revoke_user");
      // the field the revocation mirror of every service reads; without not_before it revokes what was issued before now
      assertThat(event.data().getString("user_id")).isEqualTo("42");
      assertThat(event.origin()).startsWith("service-boundary-coordinator/");
    }
    one.close().await();
    two.close().await();
  }

  @Test
  @DisplayName("sync-auth takes the event data under 'data' too, for every type it publishes (mode changes go through /mode)")
  void syncAuthTypes() {
    for (JsonObject body : List.of(
        new JsonObject().put("type", "revoke_session").put("data", new JsonObject().put("session_id", "s-1")),
        new JsonObject().put("type", "logout").put("user_id", "7"),
        new JsonObject().put("type", "key_rotated"))) {
      HttpResponse<Buffer> answer = fixture.internalPost(SYNC_AUTH, body);
      assertThat(answer.statusCode()).as("answer to %s", body).isEqualTo(200);
      assertThat(answer.bodyAsJsonObject().getJsonObject("event").getString("type")).isEqualTo(body.getString("type"));
    }
  }

  @Test
  @DisplayName("sync-auth without an internal token, or with a forged one, is 401 problem+json")
  void syncAuthNeedsInternalToken() {
    JsonObject body = new JsonObject().put("type", "revoke_user").put("user_id", "42");
    HttpResponse<Buffer> anonymous = fixture.client.post(fixture.coordinator.port(), "127.0.0.1", SYNC_AUTH).sendJsonObject(body).await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(anonymous.bodyAsJsonObject().getString("code")).isEqualTo("internal_token_required");

    String primaryToken = TestTokens.primary(TestTokens.primaryClaims("42"));
    String unsigned = TestTokens.unsigned(new JsonObject().put("alg", "none"), new JsonObject().put("sub", "op")
        .put("aud", "authsuite-internal").put("token_type", "internal"));
    for (String token : new String[] {primaryToken, unsigned, "garbage", "a.b.c"}) {
      HttpResponse<Buffer> forged = fixture.client.post(fixture.coordinator.port(), "127.0.0.1", SYNC_AUTH)
          .putHeader("Authorization", "Bearer " + token).sendJsonObject(body).await();
      assertThat(forged.statusCode()).as("token %s", token).isEqualTo(401);
      assertThat(forged.bodyAsJsonObject().getString("code")).isEqualTo("invalid_internal_token");
    }
  }

  @Test
  @DisplayName("malformed, oversized and hostile sync-auth bodies are clear 4xx problems, never a 500")
  void syncAuthHostileBodies() {
    for (Object body : new Object[] {"{not json", "[1,2,3]", "null", new JsonObject(), new JsonObject().put("type", "drop_tables"),
        new JsonObject().put("type", 5), new JsonObject().put("type", "revoke_user"), new JsonObject().put("type", "revoke_user").put("user_id", 42),
        new JsonObject().put("type", "revoke_user").put("user_id", "x".repeat(300)),
        new JsonObject().put("type", "revoke_session").put("data", "s-1"), new JsonObject().put("type", "logout"),
        new JsonObject().put("type", "mode_changed").put("mode", "chaos"),
        new JsonObject().put("type", "revoke_user").put("user_id", "1").put("not_before", new JsonArray())}) {
      HttpResponse<Buffer> answer = fixture.internalPost(SYNC_AUTH, body);
      assertThat(answer.statusCode()).as("answer to %s", body).isEqualTo(400);
      assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
    }
    String huge = new JsonObject().put("type", "revoke_user").put("user_id", "1").put("pad", "x".repeat(70 * 1024)).encode();
    assertThat(fixture.internalPost(SYNC_AUTH, huge).statusCode()).isEqualTo(413);
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertThat(fixture.internalPost(SYNC_AUTH, deep).statusCode()).isBetween(400, 413);
  }

  @Test
  @DisplayName("services lists each registered instance with its real address and last heartbeat")
  void servicesListsRegistry() {
    JsonObject body = fixture.get("/api/v1/coordinator/services").bodyAsJsonObject();
    JsonArray services = body.getJsonArray("services");
    JsonObject adapter = services.stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals(SuiteService.JWT_TOKEN_ADAPTER.serviceName())).findFirst().orElseThrow();
    assertThat(adapter.getString("url")).isEqualTo("http://127.0.0.1:" + peers.get(0).actualPort());
    assertThat(adapter.getString("last_heartbeat")).isNotBlank();
    assertThat(adapter.getString("instance_id")).isNotBlank();
    assertThat(services.stream().map(s -> ((JsonObject) s).getString("name")))
        .contains(SuiteService.SERVICE_BOUNDARY_COORDINATOR.serviceName());
  }

  @Test
  @DisplayName("status names the mode and why, each circuit, uptime and version")
  void status() {
    JsonObject status = fixture.get("/api/v1/coordinator/status").bodyAsJsonObject();
    assertThat(status.getJsonObject("mode").getString("mode")).isEqualTo("normal");
    assertThat(status.getJsonObject("mode").getString("reason")).isNotBlank();
    assertThat(status.getJsonObject("circuits").fieldNames()).contains("redis")
        .anyMatch(key -> key.startsWith(SuiteService.JWT_TOKEN_ADAPTER.serviceName() + "/"));
    assertThat(status.getLong("uptime_s")).isNotNegative();
    assertThat(status.getString("version")).isNotBlank();
  }

  @Test
  @DisplayName("the status page and its assets are served, and unknown paths are 404 problems")
  void statusPageServed() {
    HttpResponse<Buffer> page = fixture.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<script src=\"/status.js\">");
    assertThat(fixture.get("/status.js").bodyAsString()).contains("/api/v1/health/integration");
    assertThat(fixture.get("/status.css").getHeader("Content-Type")).startsWith("text/css");
    assertThat(fixture.get("/../../etc/passwd").statusCode()).isEqualTo(404);
    assertThat(fixture.get("/status.json").statusCode()).isEqualTo(404);
  }

  private AuthEventChannel subscriber(Vertx vertx, LinkedBlockingQueue<AuthEvent> inbox) {
    AuthEventChannel channel = AuthEventChannel.redis(vertx, fixture.redis, new RedisOptions().setConnectionString(TestRedis.url()),
        fixture.prefix + "auth-events");
    channel.subscribe(inbox::add).await();
    return channel;
  }
}
