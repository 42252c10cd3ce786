package authsuite.wsgateway;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;
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
@DisplayName("Before authentication a /ws client costs the gateway almost nothing, and is gone at the auth deadline")
class PreAuthenticationRobustnessTest {
  private static final int AUTH_TIMEOUT_S = 2;
  /** A bound on the test's health request, not a speed: that nothing is inflated is what the handshake shows. */
  private static final Duration LIVE_WITHIN = Duration.ofSeconds(10);
  /** How long a test waits for the close: a bound on the test; the close reason says which rule closed the socket. */
  private static final long CLOSE_PATIENCE_MS = 20_000;
  private GatewayFixture fixture;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
    port = fixture.start(fixture.config().put(GatewaySettings.WS_AUTH_TIMEOUT_S, String.valueOf(AUTH_TIMEOUT_S))).port();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a 60 MiB compression bomb before any credential is not inflated: no compression is granted, "
      + "/health/live keeps answering, and the socket is closed at once")
  void compressionBombIsNotInflated() throws Exception {
    byte[] bomb = deflatedZeros(60 << 20);
    assertThat(bomb.length).isLessThan(65_536);

    try (RawWebSocket socket = RawWebSocket.open(port, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
      socket.send(RawWebSocket.OP_TEXT, true, true, bomb);

      HttpResponse<String> live = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).timeout(LIVE_WITHIN).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(socket.awaitClose(CLOSE_PATIENCE_MS)).as("closed (a close code, or -1 for the connection ending)").isNotZero();
      // closed for the frame, not by the auth deadline
      assertThat(socket.closeReason).as("close reason").isNotEqualTo("auth_timeout");
      assertThat(socket.responseHead.toLowerCase()).as("no compression granted").doesNotContain("permessage-deflate");
    }
    assertThat(fixture.upstream.connections.get()).isZero();
  }

  @Test
  @DisplayName("200 frames before the auth message close the socket with 4401 at once, not after the auth timeout")
  void framesBeforeAuthenticationAreBounded() throws Exception {
    try (RawWebSocket socket = RawWebSocket.open(port, "")) {
      for (int i = 0; i < 200 && socket.send(RawWebSocket.OP_PING, true, false, new byte[125]); i++) {
        // pings are answered by pongs the client never reads
      }

      int code = socket.awaitClose(CLOSE_PATIENCE_MS);
      assertThat(code).as("close code").isEqualTo(CloseCodes.UNAUTHENTICATED);
      // closed for the frames, not by the auth deadline (whose close says auth_timeout)
      assertThat(socket.closeReason).as("close reason").isEqualTo("auth_required");
      assertThat(socket.awaitEnd(2_000)).as("the gateway ends the connection without waiting for the client's close frame").isTrue();
    }
    assertThat(fixture.upstream.connections.get()).isZero();
  }

  @Test
  @DisplayName("the auth timeout is a hard deadline: a silent client gets 4401 and the connection ends, "
      + "whether or not it answers the close")
  void authTimeoutIsHard() throws Exception {
    try (RawWebSocket socket = RawWebSocket.open(port, "")) {
      int code = socket.awaitClose(CLOSE_PATIENCE_MS);
      assertThat(code).isEqualTo(CloseCodes.UNAUTHENTICATED);
      assertThat(socket.closeReason).as("close reason").isEqualTo("auth_timeout");
      assertThat(socket.awaitEnd(2_000)).as("the connection ends without the client's close frame").isTrue();
    }
  }

  /** {@code size} zero bytes as one permessage-deflate message body (RFC 7692 7.2.1: the trailing 00 00 ff ff removed). */
  private static byte[] deflatedZeros(int size) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    byte[] chunk = new byte[64 * 1024];
    for (int written = 0; written < size; written += zeros.length) {
      deflater.setInput(zeros);
      while (!deflater.needsInput()) {
        out.write(chunk, 0, deflater.deflate(chunk, 0, chunk.length, Deflater.NO_FLUSH));
      }
    }
    int n;
    while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(chunk, 0, n);
    }
    deflater.end();
    byte[] all = out.toByteArray();
    return Arrays.copyOf(all, all.length - 4);
  }
}
