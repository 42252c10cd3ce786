package authsuite.wsgateway;

import authsuite.common.http.HttpDeadlines;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@Timeout(60)
@ExtendWith(VertxExtension.class)
@DisplayName("The shared HTTP deadlines never cut an open, authenticated WebSocket that happens to be quiet")
class QuietSocketRobustnessTest {
  private GatewayFixture fixture;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
    port = fixture.start(fixture.config()
        .put(HttpDeadlines.HTTP_IDLE_TIMEOUT_S, "1")
        .put(HttpDeadlines.HTTP_HEADER_TIMEOUT_MS, "500")
        .put(HttpDeadlines.HTTP_BODY_TIMEOUT_MS, "500")).port();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a relayed socket silent for three idle timeouts still relays")
  void quietSocketStaysOpen() throws Exception {
    Received received = fixture.openWithBearer(port, GatewayFixture.token("alice", 300));
    received.socket.writeTextMessage("before").await();
    assertThat(received.next(Duration.ofSeconds(5))).isEqualTo("before");

    // not an event wait: the point is three idle timeouts of silence passing
    Thread.sleep(3_000);

    assertThat(received.isOpen()).isTrue();
    received.socket.writeTextMessage("after").await();
    assertThat(received.next(Duration.ofSeconds(5))).isEqualTo("after");
  }
}
