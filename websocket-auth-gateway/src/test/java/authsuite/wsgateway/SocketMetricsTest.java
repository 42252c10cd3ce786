package authsuite.wsgateway;

import authsuite.common.testing.MetricsText;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(60)
@DisplayName("/metrics of the gateway counts sockets opened and closed by code, open sockets, and limit refusals")
class SocketMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String SERVICE = "websocket-auth-gateway";
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
  @DisplayName("one socket held, one refused past the per-user limit, one closed for its message rate: each counted where it belongs")
  void socketsAndLimits() {
    JsonObject config = fixture.config().put(GatewaySettings.WS_MAX_CONNECTIONS_PER_USER, "1")
        .put(GatewaySettings.WS_MAX_MESSAGES_PER_S, "5");
    int port = fixture.start(config).port();
    String user = GatewayFixture.uniqueUser();
    Received held = fixture.openWithBearer(port, GatewayFixture.token(user, 300));
    Received refused = fixture.openWithBearer(port, GatewayFixture.token(user, 300));
    assertThat(refused.closeCode(WAIT)).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
    Received chatty = fixture.openWithBearer(port, GatewayFixture.token(GatewayFixture.uniqueUser(), 300));
    for (int i = 0; i < 20; i++) {
      chatty.socket.writeTextMessage("message " + i);
    }
    assertThat(chatty.closeCode(WAIT)).isEqualTo(CloseCodes.RATE_EXCEEDED);
    assertThat(held.isOpen()).isTrue();

    MetricsText metrics = MetricsText.scrape(fixture.http, port);
    assertThat(metrics.value("authsuite_ws_opened_total", "service", SERVICE)).isEqualTo(2.0);
    assertThat(metrics.value("authsuite_ws_open_sockets", "service", SERVICE)).isEqualTo(1.0);
    assertThat(metrics.value("authsuite_ws_closed_total", "service", SERVICE, "code", "4029")).isEqualTo(1.0);
    assertThat(metrics.value("authsuite_ws_closed_total", "service", SERVICE, "code", "4003")).isEqualTo(0.0);
    assertThat(metrics.value("authsuite_rate_limited_total", "service", SERVICE, "limiter", "ws_connections_per_user"))
        .isEqualTo(1.0);
    assertThat(metrics.value("authsuite_rate_limited_total", "service", SERVICE, "limiter", "ws_message_rate")).isEqualTo(1.0);
    assertThat(metrics.text()).doesNotContain(user);
  }
}
