package authsuite.wsgateway;

import authsuite.common.config.SuiteConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(60)
/**
 * Backpressure, end to end: the flooding side meets a full write queue and then sends (almost) nothing more. What
 * the gateway's heap does meanwhile is measured, not asserted, by {@code bash bench/slow-peer.sh} (bench/RESULTS.md).
 */
@DisplayName("A client that reads nothing pauses a flooding upstream instead of the gateway buffering for it")
class SlowReaderTest {
  private static final int FRAME_BYTES = 16 * 1024;
  private static final long MiB = 1024 * 1024;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicInteger stalls = new AtomicInteger();
  private GatewayFixture fixture;
  private HttpServer flood;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
    flood = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(this::floodUntilFull).listen().await();
  }

  @AfterEach
  void stop() {
    flood.close().await();
    fixture.close();
  }

  /** Writes as fast as the gateway takes frames, and waits for a drain whenever the gateway stops taking them. */
  private void floodUntilFull(ServerWebSocket ws) {
    Buffer frame = Buffer.buffer(new byte[FRAME_BYTES]);
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (!ws.isClosed() && !ws.writeQueueFull()) {
        ws.writeBinaryMessage(frame);
        sent.addAndGet(FRAME_BYTES);
      }
      if (!ws.isClosed()) {
        stalls.incrementAndGet();
        ws.drainHandler(drained -> pump[0].run());
      }
    };
    pump[0].run();
  }

  @Test
  @DisplayName("the upstream stalls on a full write queue and sends a bounded amount")
  void slowReader() throws Exception {
    int port = fixture.start(fixture.config().put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + flood.actualPort() + "/chat")).port();

    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setReceiveBufferSize(64 * 1024);
      upgradeAndStopReading(client, GatewayFixture.token("slow-reader", 300));
      // not event waits: the point is time passing while the client reads nothing; 4 s for every buffer on the way
      // to fill, then 2 s in which (almost) nothing more may be sent
      Thread.sleep(4_000);
      long sentAfterFourSeconds = sent.get();
      Thread.sleep(2_000);
      long sentAfterSixSeconds = sent.get();

      assertThat(stalls.get()).as("the upstream met a full write queue").isPositive();
      assertThat(sentAfterSixSeconds - sentAfterFourSeconds).as("bytes sent while the client still reads nothing").isLessThan(MiB);
      assertThat(sentAfterSixSeconds).as("bytes the upstream got rid of in total").isLessThan(64 * MiB);
    }
  }

  @Test
  @DisplayName("an upstream that reads nothing stalls a flooding client: its write queue fills and stays full")
  void slowUpstream(Vertx vertx) throws Exception {
    HttpServer deaf = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(ServerWebSocket::pause).listen().await();
    try {
      int port = fixture.start(fixture.config().put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + deaf.actualPort() + "/chat")
          .put(GatewaySettings.WS_MAX_MESSAGES_PER_S, "1000000")).port();
      Received client = fixture.openWithBearer(port, GatewayFixture.token("fast-writer", 300));
      AtomicLong written = new AtomicLong();
      AtomicInteger full = new AtomicInteger();
      Buffer frame = Buffer.buffer(new byte[FRAME_BYTES]);
      Runnable[] pump = new Runnable[1];
      pump[0] = () -> {
        while (!client.socket.isClosed() && !client.socket.writeQueueFull()) {
          client.socket.writeBinaryMessage(frame);
          written.addAndGet(FRAME_BYTES);
        }
        full.incrementAndGet();
        client.socket.drainHandler(drained -> pump[0].run());
      };
      vertx.runOnContext(go -> pump[0].run());
      // not event waits: 4 s for every buffer on the way to fill, then 2 s in which (almost) nothing more may be written
      Thread.sleep(4_000);
      long writtenAfterFourSeconds = written.get();
      Thread.sleep(2_000);

      assertThat(client.isOpen()).isTrue();
      assertThat(full.get()).as("the client met a full write queue").isPositive();
      assertThat(written.get() - writtenAfterFourSeconds).as("bytes written while the upstream still reads nothing").isLessThan(MiB);
      assertThat(written.get()).as("bytes the client got rid of in total").isLessThan(64 * MiB);
    } finally {
      deaf.close().await();
    }
  }

  /** A raw TCP client: the upgrade with a bearer token, the 101 answer read, and then never another byte read. */
  private static void upgradeAndStopReading(Socket socket, String token) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the gateway closed before answering the upgrade: " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
  }
}
