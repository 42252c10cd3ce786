package authsuite.fallback;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Malformed, oversized and hostile sign-in requests get a clear problem, never a 500")
class HostileInputTest {
  private static final String AUTH = "/api/v1/fallback/emergency-auth";
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true"));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("garbage JSON, a JSON array, wrong types, a missing password, both or neither name: 400 problem+json")
  void malformed() {
    assertProblem(fixture.postRaw(AUTH, "application/json", Buffer.buffer("{\"username\": \"alice\", ")), 400);
    assertProblem(fixture.postRaw(AUTH, "application/json", Buffer.buffer("[1, 2]")), 400);
    assertProblem(fixture.postRaw(AUTH, "application/json", Buffer.buffer("null")), 400);
    assertProblem(fixture.post(AUTH, new JsonObject().put("username", 42).put("password", "x")), 400);
    assertProblem(fixture.post(AUTH, new JsonObject().put("username", "alice").put("password", new JsonObject())), 400);
    assertProblem(fixture.post(AUTH, new JsonObject().put("username", "alice")), 400);
    assertProblem(fixture.post(AUTH, new JsonObject().put("password", "x")), 400);
    assertProblem(fixture.post(AUTH, new JsonObject().put("username", "alice").put("email", "a@example.com").put("password", "x")), 400);
    assertProblem(fixture.post(AUTH, new JsonObject().put("username", "").put("password", "x")), 400);
    assertProblem(fixture.postRaw(AUTH, "text/plain", Buffer.buffer("username=alice&password=x")), 415, 400);
  }

  @Test
  @DisplayName("an oversized body is 413, a huge password 400, deep JSON 400; SQL in a username is just a wrong name")
  void hostile() {
    assertProblem(fixture.postRaw(AUTH, "application/json", Buffer.buffer("{\"username\":\"" + "a".repeat(70_000) + "\"}")), 413);
    assertProblem(fixture.post(AUTH, new JsonObject().put("username", "alice").put("password", "p".repeat(5_000))), 400);
    assertProblem(fixture.postRaw(AUTH, "application/json", Buffer.buffer("[".repeat(100) + "]".repeat(100))), 400);

    HttpResponse<Buffer> injection = fixture.signIn("alice' OR '1'='1", "' OR '1'='1");
    assertProblem(injection, 401);
    assertThat(injection.bodyAsJsonObject().getString("code")).isEqualTo("invalid_credentials");
    assertThat(fixture.signIn("alice\u0000", FallbackFixture.PASSWORD).statusCode()).isIn(400, 401);
    assertThat(fixture.signIn("ålice-ünïcode-名前", FallbackFixture.PASSWORD).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("the operator endpoint wants an internal token: none or a user's token is 401")
  void activationIsInternal() {
    assertProblem(fixture.post("/api/v1/fallback/activation", new JsonObject().put("enabled", true)), 401);
    String emergency = fixture.signIn("alice", FallbackFixture.PASSWORD).bodyAsJsonObject().getString("access_token");
    HttpResponse<Buffer> withUserToken = fixture.client.post(fixture.service.port(), "127.0.0.1", "/api/v1/fallback/activation")
        .putHeader("Authorization", "Bearer " + emergency).sendJsonObject(new JsonObject().put("enabled", true)).await();
    assertProblem(withUserToken, 401);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int... statuses) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isIn((Object[]) java.util.Arrays.stream(statuses).boxed().toArray(Integer[]::new));
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isNotBlank();
  }
}
