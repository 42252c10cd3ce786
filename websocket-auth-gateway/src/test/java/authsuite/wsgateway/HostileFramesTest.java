package authsuite.wsgateway;

import authsuite.common.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fuzzing wall found on {@code /ws}: text that is not UTF-8 was relayed to the upstream as it
 * came, and a malformed handshake got the handshaker's bare 400 or 426 instead of a problem. Frames are
 * written byte by byte here, since a WebSocket client library will not send invalid UTF-8 as text.
 */
@Tag("robustness")
@ExtendWith(VertxExtension.class)
@org.junit.jupiter.api.Timeout(60)
@DisplayName("Hostile frames and handshakes on /ws: text that is not UTF-8 closes 1007, a bad handshake is a problem")
class HostileFramesTest {
  private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
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
  @DisplayName("an authenticated client's text frame of invalid UTF-8 closes the socket with 1007 invalid_utf8, and is not relayed")
  void invalidUtf8Closes() throws IOException {
    try (Socket socket = upgraded()) {
      socket.getOutputStream().write(frame(0x81, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'}));
      byte[] answer = readFrame(socket.getInputStream());
      assertThat(answer[0] & 0x0f).as("a close frame, not the echo of the text").isEqualTo(0x8);
      assertThat(((answer[2] & 0xff) << 8) | (answer[3] & 0xff)).isEqualTo(1007);
      assertThat(new String(answer, 4, answer.length - 4, StandardCharsets.UTF_8)).isEqualTo("invalid_utf8");
    }
  }

  @Test
  @DisplayName("a character split across two fragments of a text message is valid UTF-8 and arrives whole")
  void splitCharacterRelayed() throws IOException {
    byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = upgraded()) {
      socket.getOutputStream().write(frame(0x01, new byte[] {euro[0], euro[1]}));
      socket.getOutputStream().write(frame(0x80, new byte[] {euro[2]}));
      byte[] first = readFrame(socket.getInputStream());
      assertThat(first[0] & 0x0f).isEqualTo(0x1);
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      message.write(first, 2, first.length - 2);
      for (byte[] next = first; (next[0] & 0x80) == 0; ) {
        next = readFrame(socket.getInputStream());
        message.write(next, 2, next.length - 2);
      }
      assertThat(message.toString(StandardCharsets.UTF_8)).isEqualTo("\u20ac");
    }
  }

  @Test
  @DisplayName("an upgrade of another WebSocket version is a 426 problem naming version 13; one without a key is a 400 problem")
  void malformedHandshakes() {
    RawHttp.Answer version = RawHttp.exchange(port, UPGRADE + "Sec-WebSocket-Version: 99\r\n" + KEY + "\r\n");
    assertThat(version.status()).isEqualTo(426);
    assertThat(version.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(version.json().getString("code")).isEqualTo("unsupported_websocket_version");
    assertThat(version.header("Sec-WebSocket-Version")).isEqualTo("13");

    RawHttp.Answer keyless = RawHttp.exchange(port, UPGRADE + "Sec-WebSocket-Version: 13\r\n\r\n");
    assertThat(keyless.status()).isEqualTo(400);
    assertThat(keyless.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(keyless.json().getString("code")).isEqualTo("malformed_upgrade");
  }

  private Socket upgraded() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    String request = UPGRADE + "Sec-WebSocket-Version: 13\r\n" + KEY
        + "Authorization: Bearer " + GatewayFixture.token(GatewayFixture.uniqueUser(), 300) + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      head.write(in.read());
    }
    assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
    return socket;
  }

  /** A masked client frame of a small payload; {@code firstByte} holds FIN, RSV and the opcode. */
  private static byte[] frame(int firstByte, byte[] payload) {
    byte[] mask = {1, 2, 3, 4};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    out.write(0x80 | payload.length);
    out.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    return out.toByteArray();
  }

  /** One unmasked server frame of under 126 bytes: its first two bytes, then its payload. */
  private static byte[] readFrame(InputStream in) throws IOException {
    int first = in.read();
    int length = in.read() & 0x7f;
    byte[] payload = in.readNBytes(length);
    byte[] frame = new byte[2 + payload.length];
    frame[0] = (byte) first;
    frame[1] = (byte) length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    return frame;
  }
}
