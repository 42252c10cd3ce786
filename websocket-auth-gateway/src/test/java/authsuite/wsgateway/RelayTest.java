package authsuite.wsgateway;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@org.junit.jupiter.api.Timeout(60)
@DisplayName("The relay keeps messages whole, answers pings, and closes clearly when the upstream fails or the gateway stops")
class RelayTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private GatewayFixture fixture;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    fixture = new GatewayFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a fragmented text message and a fragmented binary message arrive whole, in order")
  void fragmentation() throws Exception {
    int port = fixture.start().port();
    Received client = fixture.openWithBearer(port, GatewayFixture.token("frag", 300));
    client.socket.writeFrame(WebSocketFrame.textFrame("one ", false));
    client.socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("two "), false));
    client.socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("three"), true));
    client.socket.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[] {1, 2}), false));
    client.socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {3}), true));
    assertThat(client.next(WAIT)).isEqualTo("one two three");
    assertThat(((Buffer) client.next(WAIT)).getBytes()).containsExactly(1, 2, 3);
  }

  @Test
  @DisplayName("a ping is answered with a pong carrying its data")
  void ping() throws Exception {
    int port = fixture.start().port();
    Received client = fixture.openWithBearer(port, GatewayFixture.token("pinger", 300));
    client.socket.writePing(Buffer.buffer("are you there"));
    Buffer pong = client.pongs.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(pong).isNotNull();
    assertThat(pong.toString()).isEqualTo("are you there");
  }

  @Test
  @DisplayName("an unreachable upstream closes the client with 1014 upstream_unavailable")
  void upstreamUnreachable() {
    NetServer closedPort = vertx.createNetServer().connectHandler(NetSocket::close).listen(0, "127.0.0.1").await();
    int unreachable = closedPort.actualPort();
    closedPort.close().await();
    int port = fixture.start(fixture.config().put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + unreachable + "/chat")).port();
    Received client = fixture.openWithBearer(port, GatewayFixture.token("lonely", 300));
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.UPSTREAM_UNAVAILABLE);
    assertThat(client.closeReason).isEqualTo("upstream_unavailable");
  }

  @Test
  @DisplayName("an upstream that drops the connection without a close frame closes the client with 1011 upstream_failed")
  void upstreamDrops() {
    Promise<Void> drop = Promise.promise();
    NetServer dropping = vertx.createNetServer().connectHandler(socket -> handshakeThenDrop(socket, drop.future()))
        .listen(0, "127.0.0.1").await();
    int port = fixture.start(fixture.config().put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + dropping.actualPort() + "/chat")).port();
    Received client = fixture.openWithBearer(port, GatewayFixture.token("dropped", 300));
    drop.complete(); // the relay is up: the client's socket is open
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.UPSTREAM_FAILED);
    assertThat(client.closeReason).isEqualTo("upstream_failed");
    dropping.close().await();
  }

  @Test
  @DisplayName("an upstream close code is passed on to the client with its reason")
  void upstreamCloses() {
    int port = fixture.start().port();
    Received client = fixture.openWithBearer(port, GatewayFixture.token("closing", 300));
    fixture.upstream.sockets.get(0).close((short) 4100, "room closed");
    assertThat(client.closeCode(WAIT)).isEqualTo((short) 4100);
    assertThat(client.closeReason).isEqualTo("room closed");
  }

  @Test
  @DisplayName("stopping the gateway closes its clients with 1001 going_away and their upstream sockets")
  void gracefulShutdown() {
    WebSocketGatewayVerticle gateway = fixture.start();
    Received client = fixture.openWithBearer(gateway.port(), GatewayFixture.token("leaving", 300));
    assertThat(fixture.upstream.sockets).hasSize(1);
    vertx.undeploy(gateway.deploymentID()).await();
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.GOING_AWAY);
    Eventually.until(vertx, "the upstream sockets are closed: " + fixture.upstream.sockets, fixture.upstream.sockets::isEmpty, WAIT);
  }

  /** Answers the upgrade as a WebSocket server would, then, once told to, closes the TCP connection with no close frame. */
  private void handshakeThenDrop(NetSocket socket, Future<Void> drop) {
    Buffer request = Buffer.buffer();
    socket.handler(data -> {
      request.appendBuffer(data);
      String text = request.toString(StandardCharsets.ISO_8859_1);
      if (!text.contains("\r\n\r\n")) {
        return;
      }
      String key = text.lines().filter(line -> line.toLowerCase().startsWith("sec-websocket-key:"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
          + accept(key) + "\r\n\r\n");
      drop.onComplete(now -> socket.close());
    });
  }

  private static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
