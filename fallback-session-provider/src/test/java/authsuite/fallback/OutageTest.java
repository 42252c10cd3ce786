package authsuite.fallback;

import at.favre.lib.crypto.bcrypt.BCrypt;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Emergency sign-in works with Redis, the primary auth service and PostgreSQL down")
class OutageTest {
  private FallbackFixture fixture;

  @BeforeEach
  void create(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("Redis stopped, primary auth unreachable: the own probe opens sign-in; PostgreSQL stopped too: break-glass only")
  void everythingDown() {
    fixture.redisProxy.cutOff().await();
    fixture.start(fixture.config().put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + deadPort()));
    FallbackFixture.awaitCondition(() -> fixture.status().getBoolean("active"), "the probe to open sign-in");
    assertThat(fixture.status().getJsonArray("reasons").getList()).containsExactly("primary_auth_unreachable");

    HttpResponse<Buffer> alice = fixture.signIn("alice", FallbackFixture.PASSWORD);
    assertThat(alice.statusCode()).as(alice.bodyAsString()).isEqualTo(200);
    assertThat(fixture.validate(alice.bodyAsJsonObject().getString("access_token")).getBoolean("valid")).isTrue();

    fixture.pgProxy.cutOff().await();

    HttpResponse<Buffer> breakGlass = fixture.signIn(FallbackFixture.BREAK_GLASS_USER, FallbackFixture.BREAK_GLASS_PASSWORD);
    assertThat(breakGlass.statusCode()).as(breakGlass.bodyAsString()).isEqualTo(200);
    assertThat(breakGlass.getHeader("X-Auth-Degraded")).isEqualTo("true");
    JsonObject body = breakGlass.bodyAsJsonObject();
    assertThat(body.getBoolean("degraded")).isTrue();
    assertThat(body.getJsonObject("identity").getString("user_id")).isEqualTo("bg-1");
    assertThat(fixture.validate(body.getString("access_token")).getBoolean("valid")).isTrue();

    // a user of the table cannot be told from a wrong password while it does not answer: "cannot tell", not 401
    HttpResponse<Buffer> ordinary = fixture.signIn("alice", FallbackFixture.PASSWORD);
    assertThat(ordinary.statusCode()).isEqualTo(503);
    assertThat(ordinary.bodyAsJsonObject().getString("code")).isEqualTo("users_unavailable");
    assertThat(ordinary.getHeader("Retry-After")).isNotBlank();

    JsonObject health = fixture.client.get(fixture.service.port(), "127.0.0.1", "/health").send().await().bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("degraded");
  }

  @Test
  @DisplayName("started with Redis and PostgreSQL both down, it is live, ready and lets a break-glass user in")
  void startsWithNothing() {
    fixture.redisProxy.cutOff().await();
    fixture.pgProxy.cutOff().await();
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true"));

    assertThat(fixture.client.get(fixture.service.port(), "127.0.0.1", "/health/live").send().await().statusCode()).isEqualTo(200);
    assertThat(fixture.client.get(fixture.service.port(), "127.0.0.1", "/health/ready").send().await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> health = fixture.client.get(fixture.service.port(), "127.0.0.1", "/health").send().await();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("degraded");

    assertThat(fixture.signIn(FallbackFixture.BREAK_GLASS_USER, FallbackFixture.BREAK_GLASS_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(503);
  }

  @Test
  @DisplayName("a user added to the break-glass file during the outage can sign in without a restart")
  void breakGlassFileIsReread() throws Exception {
    fixture.pgProxy.cutOff().await();
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true"));
    assertThat(fixture.signIn("oncall", "paged at 3am").statusCode()).isEqualTo(503);

    Path file = fixture.dir.resolve("break-glass.json");
    JsonArray users = new JsonArray(Files.readString(file)).add(new JsonObject().put("username", "oncall")
        .put("hashed_password", FallbackFixture.hash(BCrypt.Version.VERSION_2Y, "paged at 3am")));
    Path next = Files.writeString(fixture.dir.resolve("break-glass.next"), users.encode());
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

    assertThat(fixture.signIn("oncall", "paged at 3am").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("while the primary auth service answers sign-in stays closed; when it stops answering, sign-in opens")
  void probeFollowsThePrimary(Vertx vertx) {
    HttpServer primary = vertx.createHttpServer().requestHandler(request -> request.response().end("ok")).listen(0, "127.0.0.1").await();
    fixture.start(fixture.config().put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + primary.actualPort()));
    FallbackFixture.awaitCondition(() -> fixture.status().getJsonObject("primary_auth").getString("last_ok") != null, "a first probe");

    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(403);

    primary.close().await();
    FallbackFixture.awaitCondition(() -> fixture.status().getBoolean("active"), "the probe to open sign-in");
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
  }

  private static int deadPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
