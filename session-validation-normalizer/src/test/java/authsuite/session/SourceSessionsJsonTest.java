package authsuite.session;

import authsuite.common.config.SessionSources;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("SESSION_SOURCES, json: a framework's own JSON sessions (a string or a hash, nested field paths) validated in place")
class SourceSessionsJsonTest {
  private static final String HASH_SECRET = "the hash store's cookie secret";

  private SessionFixture fixture;
  private Redis redis;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new SessionFixture(vertx);
    JsonArray sources = new JsonArray()
        .add(new JsonObject().put("name", "docs").put("format", "json").put("header", "X-App-Session")
            .put("key_template", fixture.prefix + "myapp:session:{id}")
            .put("fields", new JsonObject().put("user_id", "user.id").put("email", "user.profile.email")
                .put("username", "user.name").put("roles", "auth.roles").put("expires_at", "meta.expires")
                .put("issued_at", "meta.created")))
        .add(new JsonObject().put("name", "hashed").put("format", "json").put("cookie", "app_sess").put("hash", true)
            .put("signing", "express").put("secrets", new JsonArray().add(HASH_SECRET))
            .put("key_template", fixture.prefix + "h:{id}:data")
            .put("fields", new JsonObject().put("user_id", "uid").put("email", "profile.contact.email")
                .put("roles", "roles").put("expires_at", "exp")));
    // in suite.yaml the same array sits under session.sources; from the environment it is JSON text
    fixture.start(fixture.config().put(SessionSources.SESSION_SOURCES, sources));
    redis = Redis.createClient(vertx, fixture.redisUrl);
  }

  @AfterEach
  void stop() {
    redis.close();
    fixture.close();
  }

  @Test
  @DisplayName("a string value: the identity from nested paths, expiry from the document, source = docs; its key deleted or its expiry passed, it is not valid")
  void stringValue() {
    Instant created = Instant.parse("2026-01-02T03:04:05Z");
    set("myapp:session:abc123", new JsonObject()
        .put("user", new JsonObject().put("id", 1001).put("name", "ada").put("profile", new JsonObject().put("email", "ada@example.com")))
        .put("auth", new JsonObject().put("roles", new JsonArray().add("editor").add("viewer")))
        .put("meta", new JsonObject().put("expires", Instant.now().plusSeconds(600).toString()).put("created", created.toEpochMilli())));

    JsonObject answer = validate("X-App-Session", "abc123");
    assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
    assertThat(answer.getString("source")).isEqualTo("docs");
    JsonObject session = answer.getJsonObject("session");
    assertThat(session.getString("user_id")).isEqualTo("1001");
    assertThat(session.getString("email")).isEqualTo("ada@example.com");
    assertThat(session.getString("username")).isEqualTo("ada");
    assertThat(session.getJsonArray("roles")).containsExactly("editor", "viewer");
    assertThat(session.getString("created_at")).isEqualTo(created.toString());
    assertThat(session.getString("source")).isEqualTo("docs");

    set("myapp:session:old", new JsonObject().put("user", new JsonObject().put("id", "u"))
        .put("meta", new JsonObject().put("expires", Instant.now().minusSeconds(5).toString())));
    assertThat(validate("X-App-Session", "old").getString("reason")).isEqualTo("session_expired");
    set("myapp:session:anon", new JsonObject().put("meta", new JsonObject().put("expires", Instant.now().plusSeconds(60).toString())));
    assertThat(validate("X-App-Session", "anon").getString("reason")).isEqualTo("no_user");
    set("myapp:session:odd", new JsonObject().put("user", new JsonObject().put("id", new JsonObject())));
    assertThat(validate("X-App-Session", "odd").getString("reason")).isEqualTo("malformed");

    String hostile = "quote\" backslash\\ newline\n tab\t \u2028 </script> é";
    set("myapp:session:hostile", new JsonObject().put("user", new JsonObject().put("id", hostile).put("name", hostile))
        .put("auth", new JsonObject().put("roles", new JsonArray().add(hostile))));
    JsonObject escaped = validate("X-App-Session", "hostile").getJsonObject("session");
    assertThat(escaped.getString("user_id")).as("the answer, written by hand, is JSON with the values intact").isEqualTo(hostile);
    assertThat(escaped.getString("username")).isEqualTo(hostile);
    assertThat(escaped.getJsonArray("roles")).containsExactly(hostile);

    redis.send(Request.cmd(Command.DEL, fixture.prefix + "myapp:session:abc123")).await();
    assertThat(validate("X-App-Session", "abc123").getString("reason")).isEqualTo("session_expired");
    assertThat(validate("X-App-Session", "never-stored").getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("a hash: fields by name, a field holding JSON read further, roles as a list, expiry in epoch seconds; the signed cookie checked first")
  void hashValue() throws Exception {
    redis.send(Request.cmd(Command.HSET, fixture.prefix + "h:s-77:data", "uid", "grace",
        "profile", new JsonObject().put("contact", new JsonObject().put("email", "grace@example.com")).encode(),
        "roles", "admin, ops", "exp", String.valueOf(Instant.now().plusSeconds(300).getEpochSecond()))).await();

    JsonObject answer = validate("Cookie", "app_sess=" + signed("s-77", HASH_SECRET));
    assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
    assertThat(answer.getString("source")).isEqualTo("hashed");
    JsonObject session = answer.getJsonObject("session");
    assertThat(session.getString("user_id")).isEqualTo("grace");
    assertThat(session.getString("email")).isEqualTo("grace@example.com");
    assertThat(session.getJsonArray("roles")).containsExactly("admin", "ops");
    assertThat(Instant.parse(session.getString("expires_at"))).isAfter(Instant.now().plusSeconds(200));

    assertThat(validate("Cookie", "app_sess=s-77").getString("reason")).isEqualTo("malformed");
    assertThat(validate("Cookie", "app_sess=" + signed("s-77", "some other secret")).getString("reason")).isEqualTo("bad_signature");
    // a string where a hash is configured is not this source's session
    set("h:s-78:data", new JsonObject().put("uid", "x"));
    assertThat(validate("Cookie", "app_sess=" + signed("s-78", HASH_SECRET)).getString("reason")).isEqualTo("session_expired");
  }

  @Test
  @DisplayName("the native session cookie and X-Session-ID still go to the suite's own sessions")
  void nativeSessionsUnchanged() {
    String sessionId = fixture.createSession("nia");
    JsonObject answer = validate("X-Session-ID", sessionId);
    assertThat(answer.getString("source")).isEqualTo("redis_session");
    assertThat(answer.getJsonObject("session").getString("user_id")).isEqualTo("nia");
  }

  private void set(String key, JsonObject value) {
    redis.send(Request.cmd(Command.SET, fixture.prefix + key, value.encode(), "EX", "600")).await();
  }

  private JsonObject validate(String header, String value) {
    return SessionFixture.ok(fixture.post(SessionFixture.VALIDATE).putHeader("X-Integration-Layer", "true")
        .putHeader(header, value).send().await());
  }

  /** express-session's form, URL-encoded as it is sent in a cookie. */
  private static String signed(String id, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    return URLEncoder.encode("s:" + id + "." + signature, StandardCharsets.UTF_8);
  }
}
