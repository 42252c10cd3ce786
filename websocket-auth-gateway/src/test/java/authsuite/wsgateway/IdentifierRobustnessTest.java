package authsuite.wsgateway;

import authsuite.common.testing.HostileText;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@ExtendWith(VertxExtension.class)
@DisplayName("ws-auth/authorize and connection-info take only identifiers as channel names and connection ids")
class IdentifierRobustnessTest {
  private static final String POLICY = new JsonObject()
      .put("chat-user", new JsonObject().put("rooms.*", new JsonArray().add("subscribe"))).encode();
  private GatewayFixture fixture;
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    fixture = new GatewayFixture(vertx);
    port = fixture.start(fixture.config().put(GatewaySettings.WS_POLICY, POLICY)).port();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private HttpResponse<Buffer> authorize(JsonObject body, String bearer) {
    var request = fixture.http.post(port, "127.0.0.1", "/api/v1/ws-auth/authorize").putHeader("Content-Type", "application/json");
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    return request.sendBuffer(Buffer.buffer(HostileText.json(body))).await();
  }

  private static void assertRefused(HttpResponse<Buffer> answer, String field, String what) {
    assertThat(answer.statusCode()).as("%s %s: %s", field, what, answer.bodyAsString()).isEqualTo(400);
    assertThat(answer.bodyAsJsonObject().getString("code")).as("%s %s", field, what).isEqualTo("invalid_identifier");
    assertThat(answer.bodyAsJsonObject().getString("field")).isEqualTo(field);
  }

  @Test
  @DisplayName("a channel with NUL, a bidi override, a lone surrogate or in NFD is 400 naming channel, even where a wildcard would allow it")
  void hostileChannels() {
    String token = GatewayFixture.token(GatewayFixture.uniqueUser(), 300);
    assertThat(authorize(new JsonObject().put("token", token).put("channel", "rooms.42").put("action", "subscribe"), null)
        .bodyAsJsonObject().getBoolean("allowed")).isTrue();
    HostileText.identifiers().forEach((what, id) -> {
      String channel = what.equals("blank") ? id : "rooms." + id;
      assertRefused(authorize(new JsonObject().put("token", token).put("channel", channel).put("action", "subscribe"), null),
          "channel", what);
    });
  }

  @Test
  @DisplayName("a hostile connection_id is 400 naming it, in authorize and in connection-info")
  void hostileConnectionIds() {
    String internal = TestTokens.internal(vertx);
    HostileText.identifiers().forEach((what, id) -> {
      if (id.length() > 64) {
        return;
      }
      assertRefused(authorize(new JsonObject().put("connection_id", id).put("channel", "rooms.1").put("action", "subscribe"), internal),
          "connection_id", what);
      if (id.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
        return; // a URL carries UTF-8 bytes, which cannot spell a lone surrogate: the client sends "?" instead
      }
      HttpResponse<Buffer> info = fixture.http.get(port, "127.0.0.1", "/api/v1/ws-auth/connection-info")
          .addQueryParam("connection_id", id).putHeader("Authorization", "Bearer " + internal).send().await();
      // the query-string layer may refuse some of them first (a %00, say): refused either way, never looked up
      assertThat(info.statusCode()).as("connection-info %s: %s", what, info.bodyAsString()).isEqualTo(400);
    });
  }
}
