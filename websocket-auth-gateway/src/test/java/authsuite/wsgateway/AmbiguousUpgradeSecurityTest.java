package authsuite.wsgateway;

import authsuite.common.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@Timeout(60)
@ExtendWith(VertxExtension.class)
@DisplayName("An ambiguous upgrade (two credentials, two framings) is 400 problem+json, and nothing opens upstream")
class AmbiguousUpgradeSecurityTest {
  private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: gateway\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  private GatewayFixture fixture;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
    port = fixture.start().port();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("two Authorization headers on /ws are 400 ambiguous_request")
  void twoAuthorizationHeaders() {
    RawHttp.Answer answer = RawHttp.exchange(port, UPGRADE + "Authorization: Bearer " + GatewayFixture.token("alice", 300)
        + "\r\nAuthorization: Bearer " + GatewayFixture.token("mallory", 300) + "\r\n\r\n");

    assertProblem(answer, "ambiguous_request");
    assertThat(fixture.upstream.connections.get()).isZero();
  }

  @Test
  @DisplayName("Content-Length beside Transfer-Encoding: chunked on /ws is 400 ambiguous_framing")
  void contentLengthAndChunked() {
    RawHttp.Answer answer = RawHttp.exchange(port, UPGRADE + "Authorization: Bearer " + GatewayFixture.token("alice", 300)
        + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

    assertProblem(answer, "ambiguous_framing");
    assertThat(fixture.upstream.connections.get()).isZero();
  }

  @Test
  @DisplayName("two tickets on /ws are 400 ambiguous_request, and neither is spent")
  void twoTickets() {
    String alice = fixture.ticket(port, GatewayFixture.token("alice", 300)).bodyAsJsonObject().getString("ticket");
    String mallory = fixture.ticket(port, GatewayFixture.token("mallory", 300)).bodyAsJsonObject().getString("ticket");

    RawHttp.Answer answer = RawHttp.exchange(port, UPGRADE.replace("GET /ws ", "GET /ws?ticket=" + alice + "&ticket=" + mallory + " ")
        + "\r\n");

    assertProblem(answer, "ambiguous_request");
    assertThat(fixture.upstream.connections.get()).isZero();
    fixture.connect(port, new WebSocketConnectOptions().setURI("/ws?ticket=" + alice)).await();
    assertThat(fixture.upstream.lastHeaders.get("X-User-Id")).isEqualTo("alice");
  }

  @Test
  @DisplayName("two bearer subprotocol pairs on /ws, on one header line or two, are 400 ambiguous_request")
  void twoBearerSubprotocols() {
    String alice = GatewayFixture.token("alice", 300);
    String mallory = GatewayFixture.token("mallory", 300);
    for (String protocols : new String[] {
        "Sec-WebSocket-Protocol: bearer, " + alice + "\r\nSec-WebSocket-Protocol: bearer, " + mallory + "\r\n",
        "Sec-WebSocket-Protocol: bearer, " + alice + ", bearer, " + mallory + "\r\n"}) {
      RawHttp.Answer answer = RawHttp.exchange(port, UPGRADE + protocols + "\r\n");

      assertProblem(answer, "ambiguous_request");
    }
    assertThat(fixture.upstream.connections.get()).isZero();
  }

  private static void assertProblem(RawHttp.Answer answer, String code) {
    assertThat(answer.timedOut()).as("answered in time: %s", answer).isFalse();
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.json().getString("code")).isEqualTo(code);
  }
}
