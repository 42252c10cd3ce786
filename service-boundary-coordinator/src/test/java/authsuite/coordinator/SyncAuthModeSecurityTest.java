package authsuite.coordinator;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.RedisOptions;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("Mode changes go through POST /api/v1/coordinator/mode alone: sync-auth refuses mode_changed and publishes nothing")
class SyncAuthModeSecurityTest {
  private static final String SYNC_AUTH = "/api/v1/coordinator/sync-auth";
  private CoordinatorFixture fixture;
  private AuthEventChannel channel;
  private final LinkedBlockingQueue<AuthEvent> inbox = new LinkedBlockingQueue<>();

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    fixture.registerHealthyPeers();
    fixture.start(fixture.config());
    channel = AuthEventChannel.redis(vertx, fixture.redis, new RedisOptions().setConnectionString(TestRedis.url()),
        fixture.prefix + "auth-events");
    channel.subscribe(inbox::add).await();
  }

  @AfterEach
  void stop() {
    channel.close().await();
    fixture.close();
  }

  @Test
  @DisplayName("sync-auth with mode_changed is 400 naming the mode endpoint; no event reaches any service; the mode stays normal")
  void modeChangedRefused() throws Exception {
    for (JsonObject body : new JsonObject[] {
        new JsonObject().put("type", "mode_changed").put("mode", "emergency").put("previous", "normal").put("reason", "attack"),
        new JsonObject().put("type", "mode_changed").put("data", new JsonObject().put("mode", "degraded").put("forced", true)
            .put("expires_at", Instant.now().plusSeconds(3600).toString()))}) {
      HttpResponse<Buffer> answer = fixture.internalPost(SYNC_AUTH, body);

      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(400);
      assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("use_mode_endpoint");
      assertThat(answer.bodyAsJsonObject().getString("detail")).contains("POST /api/v1/coordinator/mode");
    }
    // a marker published after the refused requests: it must be the first event any subscriber sees
    assertThat(fixture.internalPost(SYNC_AUTH, new JsonObject().put("type", "logout").put("user_id", "marker")).statusCode()).isEqualTo(200);
    AuthEvent first = inbox.poll(5, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.type()).isEqualTo("logout");
    assertThat(fixture.get("/api/v1/coordinator/status").bodyAsJsonObject().getJsonObject("mode").getString("mode")).isEqualTo("normal");
  }
}
