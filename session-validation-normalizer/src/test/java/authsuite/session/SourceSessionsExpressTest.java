package authsuite.session;

import authsuite.common.config.SessionSources;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("SESSION_SOURCES, express-session: a real Express app with connect-redis signs people in, and the normalizer validates its connect.sid cookie in place")
class SourceSessionsExpressTest {
  private static final String OLD_SECRET = "the app's previous express-session secret";
  private static final String NEW_SECRET = "the app's current express-session secret";

  private RedisProcess redis;
  private SessionFixture fixture;
  private String appPrefix;
  private ExpressApp app;

  @BeforeEach
  void start(Vertx vertx) throws IOException, InterruptedException {
    redis = RedisProcess.start();
    appPrefix = "webapp-" + Long.toHexString(System.nanoTime()) + ":sess:";
    app = ExpressApp.start(redis.url(), appPrefix, List.of(NEW_SECRET));
    fixture = new SessionFixture(vertx);
    fixture.redisUrl = redis.url();
    fixture.start(fixture.config().put(SessionSettings.BREAKER_RESET_MS, "1000")
        .put(SessionSources.SESSION_SOURCES, new JsonArray().add(new JsonObject()
            .put("name", "web").put("format", "express-session").put("cookie", "connect.sid").put("key_prefix", appPrefix)
            .put("secrets", new JsonArray().add(NEW_SECRET).add(OLD_SECRET))).encode()));
  }

  /** Also after a start the test skipped part-way (the Express app's packages not installed): only what was started. */
  @AfterEach
  void stop() throws InterruptedException {
    if (app != null) {
      app.close();
    }
    if (fixture != null) {
      if (!redis.isRunning()) {
        redis.restart();
      }
      fixture.close();
    }
    redis.close();
  }

  @Test
  @DisplayName("a user signed in at the app is valid with their id, email and roles, source = the source's name, in validate and info")
  void signedInUser() throws Exception {
    String cookie = app.signIn(user("u-42", null));

    JsonObject answer = validate(cookie);
    assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
    assertThat(answer.getString("source")).isEqualTo("web");
    JsonObject session = answer.getJsonObject("session");
    assertThat(session.getString("user_id")).isEqualTo("u-42");
    assertThat(session.getString("email")).isEqualTo("u-42@example.com");
    assertThat(session.getString("username")).isEqualTo("user-u-42");
    assertThat(session.getJsonArray("roles")).containsExactly("chat-user", "admin");
    assertThat(session.getString("source")).isEqualTo("web");
    assertThat(session.getValue("expires_at")).as("a browser-session cookie names no expiry; the key's TTL still ends it").isNull();
    assertThat(answer.getJsonArray("checks")).contains("credential:cookie", "source_signature", "source_store");

    HttpResponse<Buffer> info = fixture.get("/api/v1/session/info").putHeader("Cookie", "connect.sid=" + cookie).send().await();
    assertThat(info.statusCode()).as(info.bodyAsString()).isEqualTo(200);
    assertThat(info.bodyAsJsonObject().getString("source")).as("info says which source decided").isEqualTo("web");
    assertThat(info.bodyAsJsonObject().getJsonObject("session").getString("source")).isEqualTo("web");
    assertThat(info.bodyAsJsonObject().getJsonObject("session").getString("user_id")).isEqualTo("u-42");
  }

  @Test
  @DisplayName("a tampered signature and a bare unsigned id are valid: false without a Redis read (counted with MONITOR on the test's own redis-server); a valid one is one GET")
  void forgedCookiesNeverReachRedis() throws Exception {
    String cookie = app.signIn(user("u-7", null));
    String signed = java.net.URLDecoder.decode(cookie, java.nio.charset.StandardCharsets.UTF_8);
    String id = signed.substring(2, signed.lastIndexOf('.'));
    assertThat(validate(cookie).getBoolean("valid")).isTrue();

    Path log = Files.createTempFile("authsuite-monitor-", ".log");
    Process monitor = new ProcessBuilder("redis-cli", "-p", String.valueOf(redis.port()), "monitor")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitLines(log, "OK", 1);
      assertThat(validate(cookie).getBoolean("valid")).isTrue();
      int perValidation = awaitLines(log, id, 1);
      assertThat(perValidation).as("one command per validation").isEqualTo(1);
      assertThat(Files.readAllLines(log).stream().filter(line -> line.contains(id)).findFirst().orElseThrow()).containsIgnoringCase("\"GET\"");

      String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BB" : "AA");
      JsonObject forged = validate(tampered);
      assertThat(forged.getBoolean("valid")).isFalse();
      assertThat(forged.getString("reason")).isEqualTo("bad_signature");
      JsonObject bare = validate(id);
      assertThat(bare.getBoolean("valid")).isFalse();
      assertThat(bare.getString("reason")).isEqualTo("malformed");
      JsonObject otherSecret = validate(java.net.URLEncoder.encode("s:" + id + "." + expressSignature(id, "not the app's secret"),
          java.nio.charset.StandardCharsets.UTF_8));
      assertThat(otherSecret.getString("reason")).isEqualTo("bad_signature");

      // Redis sees commands in the order they are sent: had a refused cookie been looked up, its lines would come
      // before those of this last valid use
      assertThat(validate(cookie).getBoolean("valid")).isTrue();
      assertThat(awaitLines(log, id, 2 * perValidation)).as("lines naming the session: only the two valid uses'").isEqualTo(2 * perValidation);
    } finally {
      monitor.destroy();
      monitor.waitFor(5, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  @Test
  @DisplayName("logout at the app (its key deleted) makes the cookie invalid at once")
  void logoutEndsIt() throws Exception {
    String cookie = app.signIn(user("u-8", null));
    assertThat(validate(cookie).getBoolean("valid")).isTrue();
    app.signOut(cookie);
    JsonObject after = validate(cookie);
    assertThat(after.getBoolean("valid")).isFalse();
    assertThat(after.getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("a short maxAge: valid until the cookie's expiry, then session_expired")
  void shortMaxAgeExpires() throws Exception {
    String cookie = app.signIn(user("u-9", 3_000));
    JsonObject answer = validate(cookie);
    assertThat(answer.getBoolean("valid")).isTrue();
    assertThat(java.time.Instant.parse(answer.getJsonObject("session").getString("expires_at")))
        .isBefore(java.time.Instant.now().plusSeconds(4));
    // expired within 15 s of a 3 s maxAge
    JsonObject later = Eventually.until(() -> validate(cookie), reading -> !reading.getBoolean("valid"), Duration.ofSeconds(15));
    assertThat(later.getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("a secret rotation: a cookie signed with the old secret and one with the new both validate when both are configured")
  void secretRotation() throws Exception {
    String current = app.signIn(user("u-10", null));
    try (ExpressApp before = ExpressApp.start(redis.url(), appPrefix, List.of(OLD_SECRET))) {
      String previous = before.signIn(user("u-11", null));
      assertThat(validate(previous).getJsonObject("session").getString("user_id")).isEqualTo("u-11");
    }
    assertThat(validate(current).getJsonObject("session").getString("user_id")).isEqualTo("u-10");
  }

  @Test
  @DisplayName("a user cut-off (revoke user_id) refuses the user's app sessions too; Redis down is 503 session_store_unavailable")
  void cutOffAndOutage() throws Exception {
    String cookie = app.signIn(user("u-12", null));
    String other = app.signIn(user("u-13", null));
    HttpResponse<Buffer> revoked = fixture.internalPost("/api/v1/session/revoke", new JsonObject().put("user_id", "u-12"));
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
    JsonObject after = validate(cookie);
    assertThat(after.getBoolean("valid")).isFalse();
    assertThat(after.getString("reason")).isEqualTo("revoked");
    assertThat(validate(other).getBoolean("valid")).isTrue();

    redis.stop();
    HttpResponse<Buffer> down = fixture.post(SessionFixture.VALIDATE).putHeader("Cookie", "connect.sid=" + other).send().await();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("code")).isEqualTo("session_store_unavailable");
  }

  private JsonObject validate(String cookie) {
    return SessionFixture.ok(fixture.post(SessionFixture.VALIDATE).putHeader("X-Integration-Layer", "true")
        .putHeader("Cookie", "connect.sid=" + cookie).send().await());
  }

  private static String user(String id, Integer maxAgeMs) {
    JsonObject user = new JsonObject().put("id", id).put("email", id + "@example.com").put("username", "user-" + id)
        .put("roles", new JsonArray().add("chat-user").add("admin"));
    return (maxAgeMs == null ? user : user.put("max_age_ms", maxAgeMs)).encode();
  }

  /** As cookie-signature signs: base64 HMAC-SHA256 of the value, padding removed. */
  private static String expressSignature(String value, String secret) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Waits until at least {@code count} lines of the MONITOR log contain {@code text}; answers how many do. */
  private static int awaitLines(Path log, String text, int count) throws IOException, InterruptedException {
    return Eventually.until(() -> linesWith(log, text), found -> found >= count, Duration.ofSeconds(10));
  }

  private static int linesWith(Path log, String text) {
    try {
      return (int) Files.readAllLines(log).stream().filter(line -> line.contains(text)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
