package authsuite.session;

import authsuite.common.events.AuthEvent;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Sessions are created internally, listed per user, and revoked one or all at once with an event")
class SessionLifecycleTest extends StartedServiceTest {

  @Test
  @DisplayName("create is internal: 401 without an internal token, 201 with a URL-safe id of >= 128 random bits")
  void createIsInternal() {
    HttpResponse<Buffer> anonymous = fixture.post("/api/v1/session/create").sendJsonObject(new JsonObject().put("user_id", "1")).await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> withUserToken = fixture.post("/api/v1/session/create")
        .putHeader("Authorization", "Bearer " + TestTokens.primary(TestTokens.primaryClaims("1")))
        .sendJsonObject(new JsonObject().put("user_id", "1")).await();
    assertThat(withUserToken.statusCode()).isEqualTo(401);

    HttpResponse<Buffer> created = fixture.internalPost("/api/v1/session/create", new JsonObject().put("user_id", "1"));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("session_id")).matches("[A-Za-z0-9_-]{62}");
    assertThat(body.getString("expires_at")).isNotBlank();
    assertThat(body.getJsonObject("session").getString("user_id")).isEqualTo("1");
  }

  @Test
  @DisplayName("create refuses a body of the wrong shape with 400, never a 500")
  void createValidates() {
    for (JsonObject bad : new JsonObject[] {new JsonObject(), new JsonObject().put("user_id", 5),
        new JsonObject().put("user_id", "1").put("roles", "admin"), new JsonObject().put("user_id", "1").put("idle_timeout_s", 0),
        new JsonObject().put("user_id", "x".repeat(300))}) {
      HttpResponse<Buffer> response = fixture.internalPost("/api/v1/session/create", bad);
      assertThat(response.statusCode()).as(bad.encode()).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("info answers the caller's session and the user's other sessions by handle; any user's with an internal token")
  void info() {
    String first = fixture.createSession("dora");
    String second = fixture.createSession("dora");
    fixture.createSession("someone-else");
    JsonObject info = SessionFixture.ok(fixture.get("/api/v1/session/info").putHeader("X-Session-ID", first).send().await());
    assertThat(info.getJsonObject("session").getString("session_id")).isEqualTo(first);
    assertThat(info.getJsonArray("other_sessions")).hasSize(1);
    JsonObject secondSelf = SessionFixture.ok(fixture.get("/api/v1/session/info").putHeader("X-Session-ID", second).send().await());
    assertThat(info.getJsonArray("other_sessions").getJsonObject(0).getString("handle"))
        .isEqualTo(secondSelf.getJsonObject("session").getString("handle"));
    assertThat(info.encode()).doesNotContain(second);

    assertThat(fixture.get("/api/v1/session/info?user_id=dora").send().await().statusCode()).isEqualTo(401);
    JsonObject byUser = SessionFixture.ok(fixture.get("/api/v1/session/info?user_id=dora")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx)).send().await());
    assertThat(byUser.getJsonArray("other_sessions")).hasSize(2);
    assertThat(byUser.encode()).doesNotContain(first).doesNotContain(second);
    assertThat(fixture.get("/api/v1/session/info").send().await().statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("a user revokes their own session (presenting it), but not another's: 403 not_own_session")
  void revokeOwn() {
    String mine = fixture.createSession("erin");
    String theirs = fixture.createSession("frank");
    HttpResponse<Buffer> forbidden = fixture.post("/api/v1/session/revoke").putHeader("X-Session-ID", mine)
        .sendJsonObject(new JsonObject().put("session_id", theirs)).await();
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.bodyAsJsonObject().getString("code")).isEqualTo("not_own_session");
    assertThat(fixture.validateSessionId(theirs).getBoolean("valid")).isTrue();

    HttpResponse<Buffer> own = fixture.post("/api/v1/session/revoke").putHeader("Cookie", "session_id=" + mine)
        .sendJsonObject(new JsonObject().put("session_id", mine)).await();
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(fixture.validateSessionId(mine).getString("reason")).isEqualTo("revoked");
  }

  @Test
  @DisplayName("revoking a session publishes revoke_session; revoking a user ends all their sessions and publishes revoke_user")
  void revokeEmitsEvents() throws InterruptedException {
    BlockingQueue<AuthEvent> events = new LinkedBlockingQueue<>();
    fixture.service.platform().events().subscribe(events::add).await();
    String one = fixture.createSession("gina");
    String two = fixture.createSession("gina");
    String three = fixture.createSession("gina");
    String other = fixture.createSession("hank");

    assertThat(fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("session_id", one)).statusCode()).isEqualTo(200);
    AuthEvent sessionEvent = next(events, "revoke_session");
    assertThat(sessionEvent.data().getString("session_id")).isEqualTo(one);

    HttpResponse<Buffer> byUser = fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("user_id", "gina"));
    assertThat(byUser.statusCode()).isEqualTo(200);
    assertThat(byUser.bodyAsJsonObject().getJsonObject("revoked").getInteger("sessions")).isEqualTo(2);
    assertThat(next(events, "revoke_user").data().getString("user_id")).isEqualTo("gina");

    for (String id : new String[] {one, two, three}) {
      assertThat(fixture.validateSessionId(id).getString("reason")).isEqualTo("revoked");
    }
    assertThat(fixture.validateSessionId(other).getBoolean("valid")).isTrue();
    JsonObject left = SessionFixture.ok(fixture.get("/api/v1/session/info?user_id=gina")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx)).send().await());
    assertThat(left.getJsonArray("other_sessions")).isEqualTo(new JsonArray());
    // a token of the user issued before the revocation is refused too
    String token = TestTokens.primary(TestTokens.primaryClaims("gina").put("iat", java.time.Instant.now().getEpochSecond() - 60));
    assertThat(fixture.validateBody(new JsonObject().put("token", token)).bodyAsJsonObject().getString("reason")).isEqualTo("revoked");
  }

  @Test
  @DisplayName("a revoke_user event from elsewhere (the coordinator's sync-auth) refuses the user's sessions created before it")
  void revokeUserEventFromElsewhere() throws InterruptedException {
    String before = fixture.createSession("ivan");
    // not an event wait: not-before times are whole seconds, so the session must be a second older than the event
    Thread.sleep(1_100);
    fixture.service.platform().events().publish(AuthEvent.of("revoke_user", new JsonObject().put("user_id", "ivan"), "test")).await();
    JsonObject refused = Eventually.until(() -> fixture.validateSessionId(before), answer -> !answer.getBoolean("valid"),
        Duration.ofSeconds(5));
    assertThat(refused.getString("reason")).isEqualTo("revoked");
    // not an event wait: likewise, a session created a second after the event is not covered by it
    Thread.sleep(1_100);
    assertThat(fixture.validateSessionId(fixture.createSession("ivan")).getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("revoking a user is internal, and revoke without an id is 400")
  void revokeGuards() {
    assertThat(fixture.post("/api/v1/session/revoke").sendJsonObject(new JsonObject().put("user_id", "gina")).await().statusCode())
        .isEqualTo(401);
    assertThat(fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("session_id", 42)).statusCode()).isEqualTo(400);
    assertThat(fixture.post("/api/v1/session/revoke").sendJsonObject(new JsonObject().put("session_id", "x")).await().statusCode())
        .isEqualTo(401);
  }

  private static AuthEvent next(BlockingQueue<AuthEvent> events, String type) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      AuthEvent event = events.poll(100, TimeUnit.MILLISECONDS);
      if (event != null && type.equals(event.type())) {
        return event;
      }
    }
    throw new AssertionError("no " + type + " event within 5 s");
  }
}
