package authsuite.wsgateway;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@Timeout(60)
@DisplayName("Without Redis the gateway still relays: tickets are 503 when Redis is down, and in memory when none is configured")
class DegradedModesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private GatewayFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("Redis down: the gateway starts, relays bearer-authenticated sockets, and answers tickets 503 with Retry-After")
  void redisDown() throws Exception {
    int port = fixture.start(fixture.config().put(SuiteConfig.REDIS_URL, "redis://127.0.0.1:1")).port();
    Received client = fixture.openWithBearer(port, GatewayFixture.token("offline", 300));
    client.socket.writeTextMessage("still relayed");
    assertThat(client.next(WAIT)).isEqualTo("still relayed");

    HttpResponse<Buffer> ticket = fixture.ticket(port, GatewayFixture.token("offline", 300));
    assertThat(ticket.statusCode()).isEqualTo(503);
    assertThat(ticket.getHeader("Retry-After")).isNotBlank();
    assertThat(ticket.bodyAsJsonObject().getString("code")).isEqualTo("redis_unavailable");
    assertThatThrownBy(() -> fixture.connect(port, new WebSocketConnectOptions().setURI("/ws?ticket=abc")).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, rejected -> assertThat(rejected.getStatus()).isEqualTo(503));
  }

  @Test
  @DisplayName("embedded (no Redis configured): a ticket works once on the instance that issued it")
  void embeddedTickets() throws Exception {
    int port = fixture.start(TestServices.embeddedConfig().put(SuiteConfig.CHAT_UPSTREAM_URL, fixture.upstream.url())).port();
    String ticket = fixture.ticket(port, GatewayFixture.token("embedded", 300)).bodyAsJsonObject().getString("ticket");
    Received client = fixture.open(port, new WebSocketConnectOptions().setURI("/ws?ticket=" + ticket));
    client.socket.writeTextMessage("in memory");
    assertThat(client.next(WAIT)).isEqualTo("in memory");
    assertThatThrownBy(() -> fixture.connect(port, new WebSocketConnectOptions().setURI("/ws?ticket=" + ticket)).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, rejected -> assertThat(rejected.getStatus()).isEqualTo(401));
  }
}
